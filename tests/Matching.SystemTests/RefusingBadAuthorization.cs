using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Matching.SystemTests;

/// <summary>
/// Ten thousand generated <c>Authorization</c> headers — random bytes, cut-off tokens, other schemes, huge values,
/// real tokens with their claims or header altered, unsigned or signed the wrong way — against endpoints of every
/// service: no answer is a 5xx, a protected endpoint answers 401 to every one (or the server refuses the header itself
/// as malformed), and nothing changes anywhere.
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed class RefusingBadAuthorization(MatchingSystem system, ITestOutputHelper output)
{
    private const int Senders = 8;
    private const int HeadersPerSender = 1_250;
    private const int Seed = 20270112;

    /// <summary>Kestrel's limit of all request headers together is 32 KB; the huge values stay below it.</summary>
    private const int HugeValue = 30_000;

    [Fact]
    public async Task Ten_thousand_generated_Authorization_headers_should_get_no_5xx_and_never_a_2xx_from_a_protected_endpoint()
    {
        var targets = await TargetsAsync();
        var started = DateTimeOffset.UtcNow;
        var answers = new Answers();
        // Header values as bytes: Latin-1 passes every byte but CR, LF and NUL through, where ASCII would refuse them in the client.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 });

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            var headers = new BadHeaders(new Random(Seed + sender));
            for (var i = 0; i < HeadersPerSender; i++)
            {
                var target = headers.Pick(targets);
                await SendAsync(client, target, headers.Next(target.Token), answers);
            }
        })));
        clock.Stop();

        output.WriteLine($"{answers.Sent} requests in {clock.Elapsed.TotalSeconds:0.0} s ({answers.Sent / clock.Elapsed.TotalSeconds:0} per second)");
        foreach (var (kind, count) in answers.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal)) output.WriteLine($"  {kind}: {count}");
        Assert.Equal(Senders * HeadersPerSender, answers.Sent);
        Assert.True(answers.Failures.IsEmpty, $"{answers.Failures.Count} wrong answers, the first ones:\n{string.Join("\n\n", answers.Failures.Take(15))}");

        // Nothing got through: no service audited a change since the first header.
        foreach (var service in new[] { system.Courses, system.Employers, system.Matching })
        {
            var audit = await (await system.AsAsync(service, Roles.Admin)).GetFromJsonAsync<JsonArray>($"/admin/audit?since={Uri.EscapeDataString(started.ToString("O"))}");
            Assert.True(audit!.Count == 0, $"{service.Client.BaseAddress} audited {audit.ToJsonString()}");
            using var ready = await service.Client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // And each request, with its token as the identity service issued it, would have succeeded (once Matching knows the opening).
        foreach (var target in targets)
        {
            var answer = "";
            await Poll.UntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(target.Method, target.Uri);
                if (target.Body is not null) request.Content = JsonContent.Create(target.Body);
                request.Headers.Authorization = new("Bearer", target.Token);
                using var response = await client.SendAsync(request);
                answer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.IsSuccessStatusCode;
            }, Poll.ShortestDeadline, () => $"{target.Name} succeeds with the unspoiled token, answered {answer}");
        }
    }

    private static async Task SendAsync(HttpClient client, Target target, (string Kind, string Value) header, Answers answers)
    {
        answers.Count();
        using var request = new HttpRequestMessage(target.Method, target.Uri);
        if (target.Body is not null) request.Content = JsonContent.Create(target.Body);
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header.Value));
        var what = $"{target.Method} {target.Uri} with {header.Kind} ({header.Value.Length} chars): {Cut(header.Value)}";

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException exception)
        {
            answers.Fail($"no answer ({exception.Message}) to {what}");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            answers.Count(target, status);
            // The server's own refusal of a header it cannot read comes before any endpoint: a bare 400, or 431 when too large.
            var refusedByTheServer = status is 400 or 431 && response.Content.Headers.ContentType is null;
            var expected = target.Protected
                ? status == 401 || refusedByTheServer
                : status is 200 || (status == 429 && target.RateLimited) || refusedByTheServer;
            if (status >= 500 || !expected) answers.Fail($"{status} to {what}\n  → {Cut(body)}");
        }
    }

    /// <summary>
    /// A few endpoints of each service, each with a body its rightful caller could send and the token of that caller to spoil:
    /// had the spoiled token been taken for the real one, the request would have succeeded.
    /// </summary>
    private async Task<Target[]> TargetsAsync()
    {
        var employer = system.NewEmployer();
        var course = await CreateAsync(await system.AsProviderAsync(), "/courses", new
        {
            providerId = MatchingSystem.Provider, title = "Integrationskurs", kind = "integration", levelFrom = "none", levelTo = "A1",
            location = new { place = "Essen" }, online = false, startsOn = "2027-02-01", endsOn = "2027-07-31",
            hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = 25, seatsFree = 25,
        });
        var opening = await CreateAsync(await system.AsEmployerAsync(employer), "/openings", new
        {
            employerId = employer, title = "Lagerhelfer/in", occupation = "9333", location = new { place = "Essen" },
            minLevel = "C2", positions = 2, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = false,
        });
        var provider = await system.Identity.TokenAsync(Roles.Provider, MatchingSystem.Provider);
        var employerToken = await system.Identity.TokenAsync(Roles.Employer, employer);
        var coordinator = await system.Identity.TokenAsync(Roles.Coordinator);
        var caseworker = await system.Identity.TokenAsync(Roles.Caseworker);
        var admin = await system.Identity.TokenAsync(Roles.Admin);
        var person = new { reference = "bad-authorization", level = "B1", location = new { place = "Meiderich" }, maxDistanceKm = 25 };

        Uri At(ServiceProcess service, string path) => new(service.Client.BaseAddress!, path);
        return
        [
            new("courses", HttpMethod.Post, At(system.Courses, "/courses"), provider, Body: new
            {
                providerId = MatchingSystem.Provider, title = "Integrationskurs", kind = "integration", levelFrom = "none", levelTo = "A1",
                location = new { place = "Essen" }, online = false, startsOn = "2027-02-01", endsOn = "2027-07-31",
                hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = 25, seatsFree = 25,
            }),
            new("courses", HttpMethod.Put, At(system.Courses, $"/courses/{course}/seats"), provider, Body: new { seatsFree = 3 }),
            new("courses", HttpMethod.Delete, At(system.Courses, $"/courses/{course}"), provider),
            new("courses", HttpMethod.Get, At(system.Courses, $"/courses/{course}/reservations"), provider),
            new("courses", HttpMethod.Get, At(system.Courses, "/admin/outbox"), admin),
            new("courses", HttpMethod.Get, At(system.Courses, $"/courses/{course}"), provider, Protected: false, RateLimited: true),
            new("employers", HttpMethod.Post, At(system.Employers, "/openings"), employerToken, Body: new
            {
                employerId = employer, title = "Lagerhelfer/in", occupation = "9333", location = new { place = "Essen" },
                minLevel = "C2", positions = 2, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = false,
            }),
            new("employers", HttpMethod.Post, At(system.Employers, $"/openings/{opening}/close"), employerToken),
            new("employers", HttpMethod.Get, At(system.Employers, $"/openings/{opening}"), employerToken),
            new("employers", HttpMethod.Post, At(system.Employers, "/agreements"), coordinator, Body: new
            {
                employerId = employer, occupations = new[] { "93" }, minLevel = "C2", quota = 1, validFrom = "2027-01-01", validTo = "2027-12-31",
            }),
            new("employers", HttpMethod.Post, At(system.Employers, "/admin/errors/replay"), admin),
            new("employers", HttpMethod.Get, At(system.Employers, "/health/live"), caseworker, Protected: false),
            new("matching", HttpMethod.Post, At(system.Matching, "/matches"), caseworker, Body: person),
            new("matching", HttpMethod.Post, At(system.Matching, "/allocations"), caseworker, Body: new { people = new[] { person }, timeLimitSeconds = 1 }),
            new("matching", HttpMethod.Get, At(system.Matching, "/placements?reference=bad-authorization"), caseworker),
            new("matching", HttpMethod.Get, At(system.Matching, $"/placements?openingId={opening}"), employerToken),
            new("matching", HttpMethod.Get, At(system.Matching, "/admin/audit"), admin),
            new("matching", HttpMethod.Get, At(system.Matching, "/health/ready"), caseworker, Protected: false),
        ];
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <param name="Token">A real token of the endpoint's rightful caller, to be spoiled.</param>
    /// <param name="Protected">Closed to anonymous callers: only 401 will do.</param>
    /// <param name="RateLimited">Open to anyone, but an anonymous caller (which a bad token makes) only so many times a minute.</param>
    private sealed record Target(string Service, HttpMethod Method, Uri Uri, string Token, object? Body = null, bool Protected = true, bool RateLimited = false)
    {
        /// <summary>The service and the endpoint, ids left out, for counting the answers.</summary>
        public string Name => $"{Service} {Method} {string.Join('/', Uri.AbsolutePath.Split('/').Select(part => Guid.TryParse(part, out _) ? "{id}" : part))}";
    }

    /// <summary>Generates bad <c>Authorization</c> values from a seeded <see cref="Random"/>; never one that holds a good token.</summary>
    private sealed class BadHeaders(Random random)
    {
        private static readonly string[] Schemes = ["Basic", "Token", "JWT", "Digest", "Negotiate", "MAC", "OAuth", "Baerer", "Bearer-Token", "DPoP", "Bearer\t"];

        private static readonly Action<JsonObject>[] ClaimChanges =
        [
            claims => claims["role"] = "admin",
            claims => claims["role"] = "coordinator",
            claims => claims["provider_id"] = "bildungswerk-essen",
            claims => claims["employer_id"] = "employer-other",
            claims => claims["exp"] = DateTimeOffset.UtcNow.AddYears(10).ToUnixTimeSeconds(),
            claims => claims.Remove("exp"),
            claims => claims["aud"] = new JsonArray("matching-api", "another-api"),
            claims => claims["iss"] = "https://evil.example/",
            claims => claims["sub"] = "someone-else",
            claims => claims["nbf"] = "yesterday",
            claims => claims["exp"] = 1e300,
            claims => claims["role"] = new JsonArray("admin", "caseworker"),
        ];

        private static readonly Action<JsonObject>[] HeaderChanges =
        [
            header => header["alg"] = "none",
            header => header["alg"] = "HS256",
            header => header["alg"] = "RS512",
            header => header["alg"] = "ES256",
            header => header["alg"] = "PS256",
            header => header["kid"] = "another-key",
            header => header.Remove("kid"),
            header => header["jku"] = "http://127.0.0.1:1/keys",
            header => header["x5u"] = "http://127.0.0.1:1/cert",
            header => header["crit"] = new JsonArray("exp"),
            header => header["typ"] = "JWE",
            header => header["enc"] = "A256GCM",
        ];

        private static readonly RSA StrangersKey = RSA.Create(2048);

        /// <summary>Mostly the endpoints that need a token; the one an anonymous caller may read only now and then (rate limit).</summary>
        public Target Pick(Target[] targets)
        {
            var target = targets[random.Next(targets.Length)];
            return target.RateLimited && random.Next(4) != 0 ? targets[0] : target;
        }

        public (string Kind, string Value) Next(string token) => random.Next(13) switch
        {
            0 => ("random bytes", Bytes(random.Next(1, 300))),
            1 => ("Bearer and random bytes", "Bearer " + Bytes(random.Next(0, 300))),
            2 => ("cut-off token", "Bearer " + token[..random.Next(0, token.Length)]),
            3 => ("token with a character changed", "Bearer " + Changed(token)),
            4 => ("token under another scheme", $"{Schemes[random.Next(Schemes.Length)]} {token}"),
            5 => ("scheme only", Pick(["Bearer", "Bearer ", "bearer", "Bearer ,", ",,,", " ", "Bearer null", "Bearer undefined", "Bearer \"\""])),
            6 => ("huge value", "Bearer " + Base64Url(random.Next(HugeValue / 2, HugeValue))),
            7 => ("huge token", "Bearer " + $"{Base64Url(random.Next(100, HugeValue / 3))}.{Base64Url(random.Next(100, HugeValue / 3))}.{Base64Url(random.Next(100, HugeValue / 4))}"),
            8 => ("claims altered, signature kept", "Bearer " + Resigned(token, claims: Pick(ClaimChanges), signature: parts => parts[2])),
            9 => ("header altered, signature kept", "Bearer " + Resigned(token, header: Pick(HeaderChanges), signature: parts => parts[2])),
            10 => ("unsigned or signed the wrong way", "Bearer " + Unsigned(token)),
            11 => ("not a token at all", "Bearer " + Malformed()),
            _ => ("two tokens", Pick([$"Bearer {token}, Bearer {token}", $"Bearer {token} {token}", $"Bearer {token}.{token}", $"Bearer {token},"])),
        };

        /// <summary>The claims raised to admin, and unsigned (<c>alg: none</c>), signed with HMAC (an asymmetric key's verifier fooled into a shared secret), or by a stranger's RSA key.</summary>
        private string Unsigned(string token) => random.Next(3) switch
        {
            0 => Resigned(token, header: h => h["alg"] = "none", claims: c => c["role"] = "admin", signature: _ => ""),
            1 => Resigned(token, header: h => h["alg"] = "HS256", claims: c => c["role"] = "admin",
                signature: parts => Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.ASCII.GetBytes("a secret anyone could know"), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}")))),
            _ => Resigned(token, claims: c => c["role"] = "admin",
                signature: parts => Base64UrlEncoder.Encode(StrangersKey.SignData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))),
        };

        /// <summary>The token with its header and claims changed and <paramref name="signature"/> over the new parts (or the old one kept).</summary>
        private static string Resigned(string token, Action<JsonObject>? header = null, Action<JsonObject>? claims = null, Func<string[], string>? signature = null)
        {
            var parts = token.Split('.');
            var (headerJson, claimsJson) = (Json(parts[0]), Json(parts[1]));
            header?.Invoke(headerJson);
            claims?.Invoke(claimsJson);
            var changed = new[] { Base64UrlEncoder.Encode(headerJson.ToJsonString()), Base64UrlEncoder.Encode(claimsJson.ToJsonString()), parts[2] };
            // A change that changes nothing would leave a good token: spoil the claims for certain.
            if (changed[0] == parts[0] && changed[1] == parts[1]) changed[1] = Base64UrlEncoder.Encode(claimsJson.ToJsonString() + " ");
            changed[2] = signature?.Invoke(changed) ?? parts[2];
            return string.Join('.', changed);
        }

        private static JsonObject Json(string part) => JsonNode.Parse(Base64UrlEncoder.Decode(part))!.AsObject();

        /// <summary>One character replaced by another, so the token no longer is the one signed.</summary>
        private string Changed(string token)
        {
            var at = random.Next(token.Length);
            var characters = token.ToCharArray();
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
            do characters[at] = alphabet[random.Next(alphabet.Length)];
            while (characters[at] == token[at]);
            return new string(characters);
        }

        private string Malformed() => random.Next(10) switch
        {
            0 => "..",
            1 => "a.b",
            2 => "a.b.c.d.e",
            3 => $"{Base64UrlEncoder.Encode("{\"alg\":\"RS256\"}")}.{Base64UrlEncoder.Encode("not JSON")}.c2ln",
            4 => $"{Base64UrlEncoder.Encode("{\"alg\":\"RS256\"}")}.{Base64UrlEncoder.Encode(new string('[', 5000) + new string(']', 5000))}.c2ln",
            5 => $"{Base64UrlEncoder.Encode("{\"alg\":\"RS256\"}")}.{Base64UrlEncoder.Encode("{\"exp\":" + new string('9', 400) + "}")}.c2ln",
            6 => $"{Base64UrlEncoder.Encode("{\"alg\":\"RS256\"}")}.{Convert.ToBase64String([0xC3, 0x28, 0xFF, 0xFE])}.c2ln",
            7 => $"{Base64UrlEncoder.Encode("{\"alg\":\"RS256\",\"alg\":\"none\"}")}.{Base64UrlEncoder.Encode("{\"role\":\"admin\",\"role\":\"caseworker\"}")}.",
            8 => "eyJ" + Base64Url(random.Next(1, 200)),
            _ => $"{Base64Url(20)}.{Base64Url(40)}.{Base64Url(10)}=",
        };

        /// <summary>Bytes as Latin-1 characters, none of them CR, LF or NUL (which no client can send in a header).</summary>
        private string Bytes(int count)
        {
            var characters = new char[count];
            for (var i = 0; i < count; i++)
            {
                char c;
                do c = (char)random.Next(1, 256);
                while (c is '\r' or '\n');
                characters[i] = c;
            }

            return new string(characters);
        }

        private string Base64Url(int length)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            return string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)]; });
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
    }

    private sealed class Answers
    {
        private int sent;

        public int Sent => sent;

        public ConcurrentDictionary<string, int> ByKind { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public void Count() => Interlocked.Increment(ref sent);

        public void Count(Target target, int status) => ByKind.AddOrUpdate($"{target.Name} {status}", 1, (_, n) => n + 1);

        public void Fail(string failure) => Failures.Enqueue(failure);
    }
}
