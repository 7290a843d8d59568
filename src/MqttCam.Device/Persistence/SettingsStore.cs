using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Files;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Persistence;

/// <summary>
/// Keeps the settings changed over MQTT in <c>settings.json</c> so they survive a restart. Only changed keys are
/// stored, so a value edited in appsettings.json still applies to every key nobody changed at run time. The file is
/// read through the same schema as an MQTT patch: a hand-edited bad value is logged and ignored, never fatal.
/// </summary>
public sealed class SettingsStore : IDisposable
{
    private readonly string _path;
    private readonly ILogger<SettingsStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private JsonObject _overrides = [];

    public SettingsStore(string stateDirectory, ILogger<SettingsStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _path = Path.Combine(stateDirectory, "settings.json");
        _logger = logger;
    }

    public string FilePath => _path;

    public void Dispose() => _writeLock.Dispose();

    /// <summary>Overlays the saved settings on <paramref name="configured"/>.</summary>
    public CameraSettings Load(CameraSettings configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (!File.Exists(_path))
        {
            return configured;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(_path));
            var result = CameraSettingsSchema.ApplyPatch(configured, document.RootElement);
            if (!result.IsSuccess)
            {
                _logger.SavedSettingsInvalid(_path, result.ErrorMessage);
                return configured;
            }

            _overrides = JsonNode.Parse(document.RootElement.GetRawText())!.AsObject();
            return result.Settings;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            _logger.SavedSettingsUnreadable(_path, ex.Message);
            return configured;
        }
    }

    /// <summary>Records the new values of <paramref name="changed"/> and rewrites the file atomically.</summary>
    public async Task SaveAsync(CameraSettings settings, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var all = CameraSettingsSchema.ToJson(settings);
            foreach (var name in changed)
            {
                if (name == CameraSettingsSchema.ResolutionAlias)
                {
                    _overrides["width"] = all["width"]!.DeepClone();
                    _overrides["height"] = all["height"]!.DeepClone();
                }
                else
                {
                    _overrides[name] = all[name]?.DeepClone();
                }
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(_overrides, Core.Contracts.ContractJson.NodeTypeInfo);
            await AtomicFile.WriteAllBytesAsync(_path, bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
