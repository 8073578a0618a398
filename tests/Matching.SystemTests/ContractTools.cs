using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// The npm tools the contract tests run against the services' OpenAPI documents, installed from <c>tools/package.json</c>
/// (<c>npm ci --prefix tools</c>): Redocly's linter and Stoplight Prism, a proxy that checks traffic against a document.
/// </summary>
public static class ContractTools
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tools", "node_modules", ".bin");

    /// <summary>The path of a tool's script; fails the test, saying how to install it, when it is missing.</summary>
    public static string Script(string tool)
    {
        var script = Path.Combine(Folder, tool);
        if (!File.Exists(script))
            Assert.Fail($"{script} is missing: install the contract tools with `npm ci --prefix tools` (Node.js 20 or later, from the npm registry)");
        return script;
    }

    /// <summary>Starts <c>node</c> with the tool's script and <paramref name="arguments"/>; fails the test when there is no node.</summary>
    public static Process Start(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Script(tool));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Neither tool should call home from a test run.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["SCARF_ANALYTICS"] = "false";
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            Assert.Fail($"`node` could not be started ({missing.Message}): the contract tests need Node.js 20 or later on PATH");
            throw;
        }
    }

    /// <summary>Runs a tool to its end (within <paramref name="seconds"/>, which only a hung tool reaches): exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments, double seconds = 180)
    {
        using var process = Start(tool, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within {seconds} s");
        }

        return (process.ExitCode, await output + await error);
    }
}

/// <summary>
/// Stoplight Prism in proxy mode in front of one service: it forwards every request and checks the request and the answer
/// against the service's OpenAPI document, and names what does not conform in the answer's <c>sl-violations</c> header.
/// </summary>
public sealed class ContractProxy : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();
    private readonly string document;

    private ContractProxy(Process process, string document, int port)
    {
        this.process = process;
        this.document = document;
        Address = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Log => string.Join('\n', log);

    /// <summary>Fetches the service's own document (as any client would) and starts a proxy in front of the service with it.</summary>
    public static async Task<ContractProxy> StartAsync(ServiceProcess service)
    {
        var document = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await service.Client.GetStringAsync("/openapi/v1.json"));
        var port = ServiceProcess.FreePort();
        var proxy = new ContractProxy(
            ContractTools.Start("prism", "proxy", document, service.Client.BaseAddress!.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString()),
            document, port);
        await Poll.UntilAsync(async () => proxy.process.HasExited || await proxy.ListensAsync(), TimeSpan.FromSeconds(120),
            () => $"Prism did not start in front of {service.Client.BaseAddress}:\n{proxy.Log}");
        if (proxy.process.HasExited) Assert.Fail($"Prism exited with {proxy.process.ExitCode}:\n{proxy.Log}");
        return proxy;
    }

    private async Task<bool> ListensAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(Address.Host, Address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        try { File.Delete(document); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
