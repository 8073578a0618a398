using System.Diagnostics;

namespace Matching.Testing;

/// <summary>A RabbitMQ virtual host of its own for one test run, removed afterwards, so tests never meet a running system's queues.</summary>
public sealed class RabbitMqVirtualHost : IDisposable
{
    private RabbitMqVirtualHost(string name) => Name = name;

    public string Name { get; }

    public static RabbitMqVirtualHost Create()
    {
        var vhost = new RabbitMqVirtualHost("matching-test-" + Guid.NewGuid().ToString("N")[..12]);
        Rabbitmqctl("add_vhost", vhost.Name);
        Rabbitmqctl("set_permissions", "-p", vhost.Name, "guest", ".*", ".*", ".*");
        return vhost;
    }

    public void Dispose() => Rabbitmqctl("delete_vhost", Name);

    /// <summary>Runs rabbitmqctl, the broker's own admin tool, and fails loudly when it fails.</summary>
    public static string Rabbitmqctl(params string[] arguments) => RabbitMqTool("rabbitmqctl", ["-q", .. arguments]);

    /// <summary>Runs one of the broker's command-line tools (rabbitmqctl, rabbitmq-queues, …), and fails loudly when it fails.</summary>
    public static string RabbitMqTool(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var command = $"{program} {string.Join(' ', arguments)}";
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new TimeoutException($"{command} took over 60 s"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {error.Result}");
        return output.Result;
    }
}
