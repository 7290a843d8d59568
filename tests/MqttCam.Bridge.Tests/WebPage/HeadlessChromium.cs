using Microsoft.Playwright;

namespace MqttCam.Bridge.Tests.WebPage;

/// <summary>Debian's <c>chromium</c>, headless, driven by Playwright: one browser per test, closed with it.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Uncaught script errors of every page opened here; a test asserts it stays empty.</summary>
    public List<string> PageErrors { get; } = [];

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), "chromium not found: apt-get install chromium (or run scripts/install-deps.sh)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async Task<IPage> OpenAsync(Uri address, int width = 1440, int height = 900, string? initScript = null)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        page.PageError += (_, error) => PageErrors.Add(error);
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        await page.GotoAsync(address.ToString());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
