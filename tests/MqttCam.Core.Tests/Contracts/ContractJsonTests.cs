using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MqttCam.Core.Contracts;

namespace MqttCam.Core.Tests.Contracts;

/// <summary>Replies, state and files are written once, readably: no <c>\u002B</c> for "+" or <c>\u0022</c> for a quote.</summary>
public sealed partial class ContractJsonTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 2, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public void CommandReply_WritesPlusQuotesAndApostrophesAsThemselves()
    {
        var data = new JsonObject { ["captured_at"] = s_at, ["note"] = "it's <b>" };
        var reply = Encoding.UTF8.GetString(CommandResponse.Ok("capture", data, null).ToUtf8Json());
        var refusal = Encoding.UTF8.GetString(CommandResponse.Failure("set", "quality: must be an integer from 1 to 100 (got \"abc\")", null).ToUtf8Json());

        Assert.Contains("\"captured_at\":\"2026-12-02T01:02:03+00:00\"", reply, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"it's <b>\"", reply, StringComparison.Ordinal);
        Assert.Contains("(got \\\"abc\\\")", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", reply + refusal, StringComparison.Ordinal);
        // Still JSON: control characters and backslashes are escaped, and it reads back as written.
        var tricky = Encoding.UTF8.GetString(CommandResponse.Failure("set", "a\\b\n\u0001", null).ToUtf8Json());
        Assert.Equal("a\\b\n\u0001", CommandResponse.Parse(Encoding.UTF8.GetBytes(tricky)).Error);
    }

    [Fact]
    public void State_WritesTimesReadablyWithSnakeCaseNames()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new CameraState { Id = "cam", Source = "testpattern", Version = "1.0", Settings = [], LastFrameAt = s_at }, ContractJson.Default.CameraState));

        Assert.Contains("\"last_frame_at\":\"2026-12-02T01:02:03+00:00\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Indented_IsTheWireSettingsForPeople()
    {
        var text = new JsonObject { ["at"] = s_at, ["name"] = "it's" }.ToJsonString(ContractJson.Indented);

        Assert.Contains("\n", text, StringComparison.Ordinal);
        Assert.Contains("+00:00", text, StringComparison.Ordinal);
        Assert.Contains("it's", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_StillEscapesWhatABrowserCouldReadAsMarkup()
    {
        var options = ContractJson.ConfigureHttp(new JsonSerializerOptions { TypeInfoResolver = ContractJson.Default });
        var text = JsonSerializer.Serialize<JsonNode>(new JsonObject { ["last_error"] = "<script>" }, options);

        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Equal("<script>", JsonNode.Parse(text)!["last_error"]!.GetValue<string>());
    }

    /// <summary>One definition: no source file outside ContractJson.cs makes serializer options of its own.</summary>
    [Fact]
    public void Sources_HaveNoOtherSerializerOptions()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MqttCam.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var offenders = Directory.EnumerateFiles(Path.Combine(directory.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "ContractJson.cs")
            .Where(f => OwnOptions().IsMatch(File.ReadAllText(f)))
            .ToArray();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"new\s+JsonSerializerOptions|JsonSerializerOptions\s+\w+\s*=\s*new|new\s+JsonWriterOptions|JavaScriptEncoder\.|\.ToJsonString\(\s*\)")]
    private static partial Regex OwnOptions();
}
