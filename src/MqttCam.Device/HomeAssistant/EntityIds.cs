using System.Text;

namespace MqttCam.Device.HomeAssistant;

/// <summary>
/// The entity ids Home Assistant makes: it lower-cases an object id and turns every run of other characters than
/// a-z and 0-9 into one '_' (<c>homeassistant.util.slugify</c>), so camera <c>Cam-2</c>'s camera entity is
/// <c>camera.cam_2_camera</c>. Discovery announces ids already in that form, so what Home Assistant creates is what
/// the docs say and a <c>def_ent_id</c> is never one Home Assistant would refuse.
/// </summary>
public static class EntityIds
{
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder(text.Length);
        var pendingSeparator = false;
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingSeparator && slug.Length > 0)
                {
                    slug.Append('_');
                }

                slug.Append(c);
                pendingSeparator = false;
            }
            else
            {
                pendingSeparator = true;
            }
        }

        return slug.Length > 0 ? slug.ToString() : "unknown";
    }

    /// <summary>The entity id of component <paramref name="key"/> of camera <paramref name="cameraId"/>, e.g. <c>number.cam_2_fps</c>.</summary>
    public static string For(string platform, string cameraId, string key) => $"{platform}.{Slug($"{cameraId}_{key}")}";
}
