using System.Text;
using MqttCam.Bridge.Serving;

namespace MqttCam.Bridge.Tests.Serving;

/// <summary>The fast path answers only the plainest live.jpeg requests; everything else must reach Kestrel untouched.</summary>
public sealed class LiveRequestParserTests
{
    [Theory]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n", "cam1", false)]
    [InlineData("HEAD /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", "cam1", true)]
    [InlineData("GET /live.jpeg HTTP/1.1\r\nHost: pi.local\r\nAccept: */*\r\nUser-Agent: curl/8\r\n\r\n", "", false)]
    [InlineData("GET /cameras/a_b-9/live.jpeg HTTP/1.1\r\nhost:x\r\nConnection: Keep-Alive\r\n\r\n", "a_b-9", false)]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: [::1]:80\r\nIf-Modified-Since: Wed, 02 Dec 2026 01:08:18 GMT\r\n\r\n", "cam1", false)]
    public void PlainLiveRequests_AreOurs(string text, string camera, bool head)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "GET /next");
        Assert.True(LiveRequestParser.TryParse(bytes, null, out var request));
        Assert.Equal(new LiveRequest(camera, head, text.Length), request);
    }

    [Theory]
    [InlineData("GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n", "cam1")]
    [InlineData("GET /stream.mjpeg HTTP/1.1\r\nHost: x\r\nAccept: image/*\r\n\r\n", "")]
    public void PlainStreamRequests_AreOurs(string text, string camera)
    {
        Assert.True(LiveRequestParser.TryParse(Encoding.ASCII.GetBytes(text), null, out var request));
        Assert.Equal(new LiveRequest(camera, false, text.Length, Stream: true), request);
    }

    [Theory]
    [InlineData("HEAD /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/stream.mjpeg?fps=2 HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n")] // incomplete
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.0\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg?width=10 HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg?token=secret HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live640x360.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/snapshot.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/ca%31/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/a/b/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras//live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /CAMERAS/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("POST /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("get /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET  /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\n\r\n")] // no Host
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: a b\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost:\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abcdefgh\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost : x\r\n\r\n")] // space before the colon
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")] // obs-fold
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nX-A: \u0001\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nX-A\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\nHost: x\n\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    public void AnythingElse_IsLeftToKestrel(string text) =>
        Assert.False(LiveRequestParser.TryParse(Encoding.Latin1.GetBytes(text), null, out _));

    [Fact]
    public void ObsTextAndOverlongRequests_AreLeftToKestrel()
    {
        var obsText = Encoding.Latin1.GetBytes("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nX-A: \u00e9\r\n\r\n");
        Assert.False(LiveRequestParser.TryParse(obsText, null, out _));

        var longHeader = Encoding.ASCII.GetBytes($"GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nX-Pad: {new string('a', LiveRequestParser.MaxRequestBytes)}\r\n\r\n");
        Assert.False(LiveRequestParser.TryParse(longHeader, null, out _));

        var idOf65 = Encoding.ASCII.GetBytes($"GET /cameras/{new string('c', 65)}/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.False(LiveRequestParser.TryParse(idOf65, null, out _));
    }

    [Fact]
    public void SameCameraAsBefore_ReusesTheIdString()
    {
        const string previous = "cam1";
        Assert.True(LiveRequestParser.TryParse("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n"u8, previous, out var request));
        Assert.Same(previous, request.CameraId);
    }

    [Fact]
    public void SeededRandomMutations_NeverThrow_AndOnlyPlainRequestsAreOurs()
    {
        var random = new Random(1214);
        var plain = Encoding.ASCII.GetBytes("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])plain.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            if (LiveRequestParser.TryParse(mutated, null, out var request))
            {
                // What is accepted must still be a well-formed request that Kestrel would route to live.jpeg.
                var text = Encoding.Latin1.GetString(mutated, 0, request.Length);
                Assert.Matches(@"^(GET|HEAD) /cameras/[A-Za-z0-9_-]{1,64}/live\.jpeg HTTP/1\.1\r\n([!#$%&'*+.^_`|~0-9A-Za-z-]+:[\x20-\x7E\t]*\r\n)+\r\n$", text);
            }
        }
    }
}
