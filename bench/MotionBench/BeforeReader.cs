using MqttCam.Imaging.Dc;

namespace MotionBench;

/// <summary>
/// The DC reader of an earlier commit, when <c>fetch-before.sh</c> has written it into Before/ (the bench then
/// compares it with today's in the same rounds); null otherwise.
/// </summary>
internal static class BeforeReader
{
    public delegate JpegDcRefusal Decode(byte[] jpeg, byte[] picture, int stride);

#if DC_BEFORE
    public const string Commit = Before.BeforeCommit.Id;
#else
    public const string Commit = "none";
#endif

    public static Decode? Create()
    {
#if DC_BEFORE
        var reader = new Before.JpegDcDecoder();
        return (jpeg, picture, stride) => reader.Decode(jpeg, picture, stride, out _, out _);
#else
        return null;
#endif
    }
}
