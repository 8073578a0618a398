using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Load;

/// <summary>The command line, and how the tool reaches a system started by <c>./matching.sh up</c>.</summary>
public sealed record Options(string Scenario, Uri Courses, Uri Employers, Uri Matching, Uri Identity, Uri RabbitMq, bool Small, string Plots, double Scale = 1)
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/Load -- <scenario> [--courses URL] [--employers URL] [--matching URL] [--identity URL]
                                                            [--rabbitmq URI] [--plots DIR] [--scale SHARE] [--small]
          scenario: freshness | caseworkers | ingestion | placements | cold-start | country | all
          defaults: the ports of ./matching.sh up (identity 5100, courses 5101, employers 5102, matching 5103),
                    amqp://guest:guest@localhost:5672/, plots into docs/benchmarks/
          --scale 0.1 posts a tenth of the country (country scenario), for a machine that cannot take the whole in time.
          cold-start kills the Matching service that ./matching.sh up started (.run/matching.pid) and starts it the same way.
        """;

    /// <summary>The demo clients of demo/identity.json (secret: demo-&lt;client id&gt;).</summary>
    private static readonly string[] DemoProviders = ["vhs-duisburg", "bildungswerk-rhein", "sprachschule-ruhrort"];
    private static readonly string[] DemoEmployers = ["rhein-logistik", "pflegedienst-hochfeld", "hafen-umschlag", "kueche-innenhafen", "gebaeudeservice-meiderich"];

    public static Options? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "all" && !Load.Scenario.ByName.ContainsKey(args[0])) return null;
        var root = RepositoryRoot();
        var options = new Options(args[0], new("http://localhost:5101"), new("http://localhost:5102"), new("http://localhost:5103"),
            new("http://localhost:5100"), new("amqp://guest:guest@localhost:5672/"), false, Path.Combine(root, "docs", "benchmarks"));
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--courses" => options with { Courses = new(Value()) },
                "--employers" => options with { Employers = new(Value()) },
                "--matching" => options with { Matching = new(Value()) },
                "--identity" => options with { Identity = new(Value()) },
                "--rabbitmq" => options with { RabbitMq = new(Value()) },
                "--plots" => options with { Plots = Value() },
                "--small" => options with { Small = true },
                "--scale" => options with { Scale = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }

    public SystemAddress ToAddress() =>
        new(Courses, Employers, Matching, DemoTokenAsync, DemoProviders, DemoEmployers, RestartMatchingAsync, RabbitMq);

    /// <summary>A token of the demo client for the role, as <c>./matching.sh token</c> gets it (client credentials).</summary>
    private async Task<string> DemoTokenAsync(string role, string? organisation)
    {
        var client = organisation is null ? $"{role}-cli" : $"{role}-{organisation}";
        using var http = new HttpClient { BaseAddress = Identity };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:demo-{client}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"no token for {client} at {Identity}: {body}");
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    /// <summary>
    /// Kills the Matching service <c>./matching.sh up</c> started and starts it as that script does, with its pid file,
    /// so that <c>./matching.sh down</c> still stops it. Answers at once: the clock runs from the start.
    /// </summary>
    private Task<Uri> RestartMatchingAsync()
    {
        var root = RepositoryRoot();
        var pidFile = Path.Combine(root, ".run", "matching.pid");
        if (!File.Exists(pidFile)) throw new InvalidOperationException($"{pidFile} is missing: was Matching started by ./matching.sh up?");
        using (var running = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim())))
        {
            running.Kill();
            running.WaitForExit();
        }
        var output = Path.Combine(root, "services", "Matching", "Matching.Api", "bin", "Release", "net10.0");
        var log = Path.Combine(root, ".run", "matching.log");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c",
                $"nohup dotnet \"{output}/Matching.Api.dll\" --contentRoot \"{output}\" --urls \"{Matching.GetLeftPart(UriPartial.Authority)}\" >>\"{log}\" 2>&1 & echo $! >\"{pidFile}\"",
            },
            WorkingDirectory = root,
        };
        using var shell = Process.Start(start)!;
        shell.WaitForExit();
        return Task.FromResult(Matching);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Matching.sln"))) return directory.FullName;
        return Directory.GetCurrentDirectory();
    }
}
