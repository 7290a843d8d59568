using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 13's rough edges: every refusal is problem JSON that says what to do.</summary>
public sealed class HttpEdgeTests(BrokerFixture broker)
{
    [Fact]
    public async Task LiveJpeg_WithNoCameraYet_Is503WithRetryHint()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);

        using var response = await bridge.Http.GetAsync("/live.jpeg", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No camera", await response.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotNotYetTaken_NamesTheCaptureUrlOfThatCamera()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam7");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var response = await bridge.Http.GetAsync("/cameras/cam7/snapshot.jpeg", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!["detail"]!.GetValue<string>();
        Assert.Contains("POST /cameras/cam7/capture", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("{id}", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Is405WithProblemJson()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);

        using var response = await bridge.Http.DeleteAsync("/healthz", token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        Assert.Equal(405, body["status"]!.GetValue<int>());
        Assert.Contains("GET", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultipartUpload_IsRefusedWithAdviceToSendTheRawBody()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:UploadPassword"] = "secret-upload" });
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestJpegs.Numbered(1));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "frame.jpg");

        using var response = await bridge.Http.PostAsync("/?password=secret-upload", form, token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!["detail"]!.GetValue<string>();
        Assert.Contains("the JPEG itself", detail, StringComparison.Ordinal);
        Assert.Contains("--data-binary", detail, StringComparison.Ordinal);
    }
}
