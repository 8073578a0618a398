using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Matching.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>What every page test checks and keeps: axe's WCAG 2.1 A and AA rules, and screenshots for the README.</summary>
public static class Pages
{
    /// <summary>Fails with each violation (rule, what it says, where) when axe finds any WCAG 2.1 A or AA violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = result.Violations.Select(violation =>
            $"{violation.Id}: {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Html))}").ToList();
        Assert.True(violations.Count == 0, $"{page.Url} breaks WCAG 2.1 A/AA:\n{string.Join('\n', violations)}");
    }

    /// <summary>The whole page as <c>docs/screenshots/<paramref name="name"/>.png</c>, shown in the README.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(Repository.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
