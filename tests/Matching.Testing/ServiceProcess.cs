using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Matching.Testing;

/// <summary>One of the services running as a real process on a free port, with its own settings.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly ConcurrentQueue<string> log = new();
    private Process? process;

    /// <param name="project">Path of the project below the repository root, e.g. <c>services/Courses/Courses.Api</c>.</param>
    public ServiceProcess(string project, IReadOnlyDictionary<string, string> settings)
    {
        dll = Path.Combine(Repository.Root, project, "bin", Repository.Configuration, "net10.0", Path.GetFileName(project) + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {project} first", dll);
        this.settings = settings;
        Port = FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
    }

    public int Port { get; }

    /// <summary>The settings every service of a test run needs: the run's virtual host and the service's own database.</summary>
    public static Dictionary<string, string> Settings(RabbitMqVirtualHost vhost, TestDatabase database) => new()
    {
        ["RabbitMq:VirtualHost"] = vhost.Name,
        ["Database:Provider"] = database.Provider.ToString(),
        ["ConnectionStrings:Database"] = database.ConnectionString,
    };

    public HttpClient Client { get; }

    public string Log => string.Join('\n', log);

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    /// <summary>SIGKILL: no shutdown, no flushing — what a crash looks like.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit();
    }

    private async Task WaitReadyAsync()
    {
        // Generous: only a hung start should fail; a loaded 2-core machine may take a minute or more.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited) throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode}:\n{Log}");
            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }

        throw new TimeoutException($"{Path.GetFileName(dll)} was not ready within 180 s:\n{Log}");
    }

    /// <summary>A port on the loopback that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}

public static class Repository
{
    /// <summary>The folder holding Matching.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the tests themselves were built as.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Matching.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException("Matching.sln not found above " + AppContext.BaseDirectory);
    }
}
