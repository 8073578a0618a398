using System.Net;
using Identity.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Tests;

/// <summary>Guessing passwords: five wrong ones lock the account for five minutes, and one address may try only so often.</summary>
public sealed class LockingAccounts : IAsyncLifetime
{
    private readonly ManualClock clock = new();
    private IdentityApp app = null!;

    public Task InitializeAsync()
    {
        app = IdentityApp.On(Storage.Create(), clock: clock, ownsStorage: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Five_wrong_passwords_should_lock_the_account_and_then_the_right_one_be_refused_too()
    {
        var browser = new Browser(app.CreateBrowser());
        for (var attempt = 1; attempt <= 5; attempt++)
            await AssertRefusedAsync(await browser.SignInDirectlyAsync(Seed.GuessedAt.UserName, $"guess-{attempt}"));

        await AssertRefusedAsync(await browser.SignInDirectlyAsync(Seed.GuessedAt.UserName, Seed.GuessedAt.Password));

        var account = await app.Services.GetRequiredService<AccountStore>().FindByUserNameAsync(Seed.GuessedAt.UserName);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(5), account!.LockedUntil);
    }

    [Fact]
    public async Task The_lock_should_end_after_five_minutes()
    {
        var browser = new Browser(app.CreateBrowser());
        for (var attempt = 1; attempt <= 5; attempt++) await browser.SignInDirectlyAsync(Seed.WaitsOut.UserName, $"guess-{attempt}");

        clock.Advance(TimeSpan.FromMinutes(4));
        await AssertRefusedAsync(await browser.SignInDirectlyAsync(Seed.WaitsOut.UserName, Seed.WaitsOut.Password));
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        await AssertSignedInAsync(await browser.SignInDirectlyAsync(Seed.WaitsOut.UserName, Seed.WaitsOut.Password));
    }

    [Fact]
    public async Task The_right_password_should_start_the_count_anew()
    {
        var browser = new Browser(app.CreateBrowser());
        for (var attempt = 1; attempt <= 4; attempt++) await browser.SignInDirectlyAsync(Seed.Recovers.UserName, $"guess-{attempt}");
        await AssertSignedInAsync(await browser.SignInDirectlyAsync(Seed.Recovers.UserName, Seed.Recovers.Password));

        for (var attempt = 5; attempt <= 8; attempt++) await browser.SignInDirectlyAsync(Seed.Recovers.UserName, $"guess-{attempt}");

        await AssertSignedInAsync(await browser.SignInDirectlyAsync(Seed.Recovers.UserName, Seed.Recovers.Password));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_should_be_answered_with_429_and_Retry_After()
    {
        await using var strict = IdentityApp.On(app.Storage, new Dictionary<string, string?> { ["Identity:SignInAttemptsPerMinute"] = "3" });
        var browser = new Browser(strict.CreateBrowser());
        var form = await browser.OpenSignInPageAsync("/account/sign-in");
        for (var attempt = 1; attempt <= 3; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await browser.PostSignInAsync(form, "nobody", $"guess-{attempt}")).StatusCode);

        var refused = await browser.PostSignInAsync(form, "nobody", "guess-4");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After is {refused.Headers.RetryAfter}");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertSignedInAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sie sind angemeldet", await response.Content.ReadAsStringAsync());
    }
}
