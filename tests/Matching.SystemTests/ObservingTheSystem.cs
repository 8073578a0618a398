using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// What an operator sees of the running system: Prometheus (Debian's, as a process of the test) scraping every service's
/// <c>/metrics</c>, and the services' traces exported over OTLP to a receiver in the test.
/// </summary>
[Collection(nameof(ObservedSystem))]
public sealed class ObservingTheSystem(ObservedSystem system)
{
    [Fact]
    public async Task Prometheus_should_answer_the_outbox_backlog_and_the_matches_latency_histogram()
    {
        var courseId = await system.PublishCourseAsync(seatsFree: 4);
        await system.WaitForSuggestionAsync(courseId, present: true);
        const int matches = 5;
        for (var i = 0; i < matches; i++) await system.SuggestionsAsync();

        var backlog = await system.Prometheus.EventuallyAsync("matching_outbox_backlog{job=\"courses\"}");
        Assert.InRange(backlog.Single().Value, 0, double.MaxValue);
        var oldest = await system.Prometheus.EventuallyAsync("matching_outbox_oldest_unsent_age_seconds{job=\"courses\"}");
        Assert.InRange(oldest.Single().Value, 0, double.MaxValue);

        // The histogram's buckets by route, and how many /matches it counted: at least those asked above.
        var buckets = await system.Prometheus.EventuallyAsync(
            "http_server_request_duration_seconds_bucket{job=\"matching\",http_route=\"/matches\",http_response_status_code=\"200\"}",
            samples => samples.Any(sample => sample.Labels["le"] == "+Inf" && sample.Value >= matches));
        Assert.Contains(buckets, sample => sample.Labels["le"] == "0.1");

        // The projection consumed the course: MassTransit's consume counter by message type, and the lag since Courses wrote it.
        await system.Prometheus.EventuallyAsync("messaging_masstransit_consume_ea_total{job=\"matching\"}",
            samples => samples.Any(sample => sample.Labels.Values.Any(label => label.Contains("CoursePublished")) && sample.Value >= 1));
        await system.Prometheus.EventuallyAsync("matching_message_lag_seconds_count{job=\"matching\",message_type=\"CoursePublished\"}",
            samples => samples.Sum(sample => sample.Value) >= 1);
        await system.Prometheus.EventuallyAsync("matching_index_size{job=\"matching\",kind=\"course\"}", samples => samples.Single().Value >= 1);
    }

    [Fact]
    public async Task A_seat_change_should_be_one_trace_from_the_request_at_Courses_to_the_projection_at_Matching()
    {
        var courseId = await system.PublishCourseAsync(seatsFree: 5);
        await system.WaitForSuggestionAsync(courseId, present: true);

        // The caller starts the trace, so the test knows its id.
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callerSpan = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var change = new HttpRequestMessage(HttpMethod.Put, $"/courses/{courseId}/seats") { Content = JsonContent.Create(new { seatsFree = 0 }) };
        change.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var changed = await (await system.AsProviderAsync()).SendAsync(change);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await system.WaitForSuggestionAsync(courseId, present: false);

        // Each service exports its spans in batches of its own, so Matching's may arrive before Courses': wait for both.
        IReadOnlyList<ExportedSpan> trace = [];
        await Poll.UntilAsync(() =>
            {
                trace = system.Traces.Trace(traceId);
                var consumes = trace.Where(IsConsumeAtMatching).ToList();
                return Task.FromResult(consumes.Count > 0 && consumes.All(span => system.Traces.Ancestry(span).Any(step => step.ParentSpanId == callerSpan)));
            }, TimeSpan.FromSeconds(60),
            () => $"no span of a consumer at Matching that reaches back to the request at Courses in trace {traceId}; spans of the trace:\n{string.Join('\n', trace)}\n--- all: {system.Traces.Count} spans");

        var request = Assert.Single(trace, span => span.Service == "courses" && span.ParentSpanId == callerSpan);
        var consumed = trace.Where(IsConsumeAtMatching).ToList();
        // Each consume at Matching descends, span by span, from the request at Courses: through the outbox relay and the publish.
        foreach (var span in consumed)
        {
            var path = system.Traces.Ancestry(span);
            Assert.True(path.Contains(request), $"{span} does not descend from {request}:\n{string.Join('\n', path)}");
            Assert.Contains(path, step => step.Service == "courses" && step.Name == "outbox relay");
        }

        // And the request's log line carries the trace's id.
        Assert.Contains(system.Courses.Log.Split('\n'), line => line.Contains("PUT") && line.Contains(traceId));
    }

    // MassTransit names a consumer's span "<queue> process", of kind consumer: the projection's shared queue and the replica's own feed.
    private static bool IsConsumeAtMatching(ExportedSpan span) =>
        span is { Service: "matching", Kind: ExportedSpan.Consumer } && span.Name.EndsWith(" process", StringComparison.Ordinal);
}

/// <summary>Courses and Matching on PostgreSQL with their telemetry on: traces to <see cref="Traces"/>, metrics scraped by <see cref="Prometheus"/>.</summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase coursesDb = TestDatabase.Postgres();
    private readonly TestDatabase matchingDb = TestDatabase.Postgres();
    private int nextPlace;

    public ObservedSystem()
    {
        Identity = new IdentityProcess([(Roles.Provider, MatchingSystem.Provider)]);
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(coursesDb));
        Matching = new ServiceProcess("services/Matching/Matching.Api", Settings(matchingDb));
        Prometheus = new PrometheusProcess(new Dictionary<string, ServiceProcess> { ["courses"] = Courses, ["matching"] = Matching });
    }

    public IdentityProcess Identity { get; }

    public ServiceProcess Courses { get; }

    public ServiceProcess Matching { get; }

    public OtlpReceiver Traces { get; } = new();

    public PrometheusProcess Prometheus { get; }

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Matching.StartAsync());
        await Prometheus.StartAsync();
    }

    public Task<HttpClient> AsProviderAsync() => Identity.SignedInAsync(Courses, Roles.Provider, MatchingSystem.Provider);

    /// <summary>A course in a town of its own (each call another), so that the suggestions for its place show only it.</summary>
    public async Task<string> PublishCourseAsync(int seatsFree)
    {
        var place = Places[Interlocked.Increment(ref nextPlace) % Places.Length];
        using var response = await (await AsProviderAsync()).PostAsJsonAsync("/courses", new
        {
            providerId = MatchingSystem.Provider, title = "Integrationskurs", kind = "integration", levelFrom = "none", levelTo = "B1",
            location = new { place }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    public async Task<JsonArray> SuggestionsAsync()
    {
        using var response = await (await Identity.SignedInAsync(Matching, Roles.Caseworker)).PostAsJsonAsync("/matches", new
        {
            reference = "case-observed", level = "A1", location = new { place = "Duisburg" }, maxDistanceKm = 500,
            availableFrom = "2027-01-04", limit = 500,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/matches answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["suggestions"]!.AsArray();
    }

    public Task WaitForSuggestionAsync(string courseId, bool present) =>
        Poll.UntilAsync(async () => (await SuggestionsAsync()).Any(s => (string?)s!["course"]?["id"] == courseId) == present,
            TimeSpan.FromSeconds(60), () => $"course {courseId} is {(present ? "" : "no longer ")}suggested\n--- matching log ---\n{Matching.Log}");

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Task.WhenAll(Courses.DisposeAsync().AsTask(), Matching.DisposeAsync().AsTask());
        await Identity.DisposeAsync();
        Traces.Dispose();
        vhost.Dispose();
        coursesDb.Dispose();
        matchingDb.Dispose();
    }

    private static readonly string[] Places = ["Hochfeld", "Meiderich", "Rheinhausen", "Duisburg"];

    private Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = ServiceProcess.Settings(vhost, database);
        foreach (var (key, value) in Identity.ServiceSettings) settings[key] = value;
        settings["Telemetry:OtlpEndpoint"] = Traces.Endpoint.ToString();
        settings["Telemetry:SampleSeconds"] = "1";
        return settings;
    }
}

[CollectionDefinition(nameof(ObservedSystem))]
public sealed class ObservedSystemCollection : ICollectionFixture<ObservedSystem>;

/// <summary>Debian's <c>prometheus</c> on a free port with a configuration and a storage of its own, scraping the services every second.</summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ServiceProcess> targets;
    private readonly string folder = Directory.CreateTempSubdirectory("prometheus-").FullName;
    private readonly ConcurrentQueue<string> log = new();
    private readonly HttpClient client;
    private readonly int port = ServiceProcess.FreePort();
    private Process? process;

    /// <param name="targets">The services to scrape, by the job name they are queried by.</param>
    public PrometheusProcess(IReadOnlyDictionary<string, ServiceProcess> targets)
    {
        this.targets = targets;
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task StartAsync()
    {
        var configuration = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var (job, service) in targets)
            configuration.Append(CultureInfo.InvariantCulture,
                $"  - job_name: {job}\n    metrics_path: /metrics\n    static_configs:\n      - targets: ['127.0.0.1:{service.Port}']\n");
        var file = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(file, configuration.ToString());

        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in new[] { $"--config.file={file}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("prometheus is not installed: apt-get install -y prometheus", exception);
        }

        process.OutputDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited) Assert.Fail($"prometheus exited with {process.ExitCode}:\n{string.Join('\n', log)}");
            try { return (await client.GetAsync("/-/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), () => $"prometheus is not ready:\n{string.Join('\n', log)}");
    }

    /// <summary>Asks the query API until <paramref name="query"/> has samples that <paramref name="enough"/> (by default: any).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> EventuallyAsync(string query, Func<IReadOnlyList<PrometheusSample>, bool>? enough = null)
    {
        IReadOnlyList<PrometheusSample> samples = [];
        await Poll.UntilAsync(async () =>
            {
                samples = await QueryAsync(query);
                return samples.Count > 0 && (enough?.Invoke(samples) ?? true);
            }, TimeSpan.FromSeconds(90),
            () => $"prometheus answered {query} with [{string.Join(", ", samples)}]\n--- metric names it has ---\n{MetricNames()}"
                  + $"\n--- prometheus ---\n{string.Join('\n', log.TakeLast(20))}",
            TimeSpan.FromMilliseconds(500));
        return samples;
    }

    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string query)
    {
        var answer = await client.GetFromJsonAsync<JsonObject>("/api/v1/query?query=" + Uri.EscapeDataString(query));
        Assert.Equal("success", (string?)answer!["status"]);
        return answer["data"]!["result"]!.AsArray().Select(result => new PrometheusSample(
                result!["metric"]!.AsObject().ToDictionary(label => label.Key, label => (string)label.Value!),
                double.Parse((string)result["value"]![1]!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    // For a failure's message only, hence waited for.
    private string MetricNames() =>
        string.Join(' ', client.GetFromJsonAsync<JsonObject>("/api/v1/label/__name__/values").GetAwaiter().GetResult()!["data"]!.AsArray());

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill();
        process?.WaitForExit();
        process?.Dispose();
        client.Dispose();
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() => $"{{{string.Join(',', Labels.Select(label => $"{label.Key}={label.Value}"))}}} {Value}";
}

/// <summary>
/// An OTLP/HTTP endpoint for traces (<c>POST /v1/traces</c>, protobuf), keeping every span it is sent. It reads the few
/// fields of the OTLP protocol the tests look at straight from the protobuf wire format.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentBag<ExportedSpan> spans = [];
    private readonly Task receiving;

    public OtlpReceiver()
    {
        var port = ServiceProcess.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        receiving = ReceiveAsync();
    }

    /// <summary>The collector's address, as <c>Telemetry:OtlpEndpoint</c> takes it.</summary>
    public Uri Endpoint { get; }

    public int Count => spans.Count;

    public IReadOnlyList<ExportedSpan> Trace(string traceId) => spans.Where(span => span.TraceId == traceId).ToList();

    /// <summary><paramref name="span"/>, its parent, its parent's parent, … as far as this receiver has them.</summary>
    public IReadOnlyList<ExportedSpan> Ancestry(ExportedSpan span)
    {
        var byId = spans.Where(each => each.TraceId == span.TraceId).GroupBy(each => each.SpanId).ToDictionary(group => group.Key, group => group.First());
        var path = new List<ExportedSpan> { span };
        while (path[^1].ParentSpanId is { } parent && byId.TryGetValue(parent, out var next) && !path.Contains(next)) path.Add(next);
        return path;
    }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException) { return; }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
                foreach (var span in ReadExportTraceServiceRequest(body.ToArray())) spans.Add(span);
            // An empty ExportTraceServiceResponse; metrics are taken and dropped.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // opentelemetry/proto/collector/trace/v1: ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }   Resource { repeated KeyValue attributes = 1; }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
    // Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; … }
    private static IEnumerable<ExportedSpan> ReadExportTraceServiceRequest(byte[] request)
    {
        foreach (var resourceSpans in Protobuf.Fields(request).Where(field => field.Number == 1))
        {
            var fields = Protobuf.Fields(resourceSpans.Bytes).ToList();
            var service = fields.Where(field => field.Number == 1).SelectMany(resource => Protobuf.Fields(resource.Bytes))
                .Where(field => field.Number == 1).Select(ReadAttribute)
                .FirstOrDefault(attribute => attribute.Key == "service.name").Value ?? "";
            foreach (var scopeSpans in fields.Where(field => field.Number == 2))
            foreach (var span in Protobuf.Fields(scopeSpans.Bytes).Where(field => field.Number == 2))
            {
                var spanFields = Protobuf.Fields(span.Bytes).ToList();
                string? Hex(int number) => spanFields.FirstOrDefault(field => field.Number == number) is { Bytes.Length: > 0 } found
                    ? Convert.ToHexStringLower(found.Bytes.Span) : null;
                yield return new ExportedSpan(service, Hex(1)!, Hex(2)!, Hex(4),
                    spanFields.FirstOrDefault(field => field.Number == 5) is { } name ? Encoding.UTF8.GetString(name.Bytes.Span) : "",
                    (int)(spanFields.FirstOrDefault(field => field.Number == 6)?.Value ?? 0));
            }
        }
    }

    // KeyValue { string key = 1; AnyValue value = 2; }   AnyValue { string string_value = 1; … }
    private static KeyValuePair<string, string?> ReadAttribute(Protobuf.Field keyValue)
    {
        var fields = Protobuf.Fields(keyValue.Bytes).ToList();
        var key = fields.FirstOrDefault(field => field.Number == 1) is { } k ? Encoding.UTF8.GetString(k.Bytes.Span) : "";
        var value = fields.FirstOrDefault(field => field.Number == 2) is { } v
            && Protobuf.Fields(v.Bytes).FirstOrDefault(field => field.Number == 1) is { } text
                ? Encoding.UTF8.GetString(text.Bytes.Span) : null;
        return new(key, value);
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        receiving.Wait(TimeSpan.FromSeconds(10));
    }
}

/// <param name="Kind">OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
public sealed record ExportedSpan(string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind)
{
    public const int Consumer = 5;

    public override string ToString() => $"{Service}: {Name} (kind {Kind}) {SpanId} ← {ParentSpanId ?? "root"}";
}

/// <summary>The protobuf wire format, as far as reading messages field by field goes.</summary>
internal static class Protobuf
{
    /// <param name="Value">A varint's or a fixed number's value.</param>
    /// <param name="Bytes">A length-delimited field's content (a string, bytes or a nested message).</param>
    public sealed record Field(int Number, ulong Value, ReadOnlyMemory<byte> Bytes);

    public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = Varint(message.Span, ref at);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return new Field(number, Varint(message.Span, ref at), default);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message.Span.Slice(at, 8)), default);
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref at);
                    yield return new Field(number, 0, message.Slice(at, length));
                    at += length;
                    break;
                case 5:
                    yield return new Field(number, BitConverter.ToUInt32(message.Span.Slice(at, 4)), default);
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} of field {number} is not one OTLP uses");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var next = bytes[at++];
            value |= (ulong)(next & 0x7f) << shift;
            if (next < 0x80) return value;
        }
    }
}
