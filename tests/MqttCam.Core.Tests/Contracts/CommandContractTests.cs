using System.Text;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;

namespace MqttCam.Core.Tests.Contracts;

public sealed class CommandContractTests
{
    [Fact]
    public void TryParse_ValidCommand_KeepsActionTransactionAndArguments()
    {
        var ok = CommandRequest.TryParse("""{"action":"capture","transaction":{"n":7},"width":320}"""u8, out var request, out var error, out var tx);

        Assert.True(ok, error);
        Assert.Equal("capture", request!.Action);
        Assert.Equal("""{"n":7}""", request.Transaction!.Value.GetRawText());
        Assert.Equal(320, request.Arguments.GetProperty("width").GetInt32());
        Assert.Equal("""{"n":7}""", tx!.Value.GetRawText());
    }

    [Theory]
    [InlineData("not json", "command is not valid JSON")]
    [InlineData("[1]", "command must be a JSON object such as {\"action\": \"capture\"}")]
    [InlineData("{\"transaction\": 1}", "command needs a string \"action\"")]
    [InlineData("{\"action\": 5}", "command needs a string \"action\"")]
    [InlineData("{\"action\": \"  \"}", "command needs a string \"action\"")]
    public void TryParse_BadPayloads_GiveClearErrors(string payload, string expectedStart)
    {
        var ok = CommandRequest.TryParse(Encoding.UTF8.GetBytes(payload), out var request, out var error, out _);

        Assert.False(ok);
        Assert.Null(request);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MissingAction_StillRecoversTheTransactionForTheErrorReply()
    {
        Assert.False(CommandRequest.TryParse("""{"transaction":"abc"}"""u8, out _, out _, out var tx));

        Assert.Equal("\"abc\"", tx!.Value.GetRawText());
    }

    [Fact]
    public void TryParse_OversizedPayload_IsRefusedBeforeParsing()
    {
        var payload = new byte[CommandRequest.MaxPayloadBytes + 1];

        Assert.False(CommandRequest.TryParse(payload, out _, out var error, out _));
        Assert.Equal($"command payload is {payload.Length} bytes; the limit is {CommandRequest.MaxPayloadBytes}", error);
    }

    [Fact]
    public void Response_RoundTripsThroughJson_WithAllFieldsPresent()
    {
        Assert.True(CommandRequest.TryParse("""{"action":"capture","transaction":[1,"x"]}"""u8, out var request, out _, out _));
        var response = CommandResponse.Ok("capture", new JsonObject { ["size"] = 1234 }, request!.Transaction);

        var bytes = response.ToUtf8Json();
        var parsed = CommandResponse.Parse(bytes);

        Assert.Equal("""{"status":"ok","action":"capture","data":{"size":1234},"error":null,"transaction":[1,"x"]}""", Encoding.UTF8.GetString(bytes));
        Assert.True(parsed.IsOk);
        Assert.Equal(1234, parsed.Data!["size"]!.GetValue<int>());
        Assert.Equal("""[1,"x"]""", parsed.Transaction!.Value.GetRawText());
    }

    [Fact]
    public void Failure_SerialisesErrorAndNullData()
    {
        var bytes = CommandResponse.Failure("set", "quality: must be an integer from 1 to 100 (got 0)", null).ToUtf8Json();

        Assert.Equal("""{"status":"error","action":"set","data":null,"error":"quality: must be an integer from 1 to 100 (got 0)","transaction":null}""", Encoding.UTF8.GetString(bytes));
    }
}
