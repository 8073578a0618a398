using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Matching.Testing;

namespace Matching.ClusterTests;

/// <summary>One node of the test's RabbitMQ cluster: its Erlang node name, its AMQP port and its inter-node (distribution) port.</summary>
public sealed record BrokerNode(string Name, int Port, int DistributionPort)
{
    /// <summary>How a service names it in <c>RabbitMq:Nodes</c>.</summary>
    public string Address => $"localhost:{Port}";
}

/// <summary>
/// Three RabbitMQ nodes on this machine, clustered, started by the test run itself beside the default node (which it
/// never touches): node names, AMQP and distribution ports of their own, data, logs and pid file under one temporary
/// folder, no plugins (so no management listener to clash with the default node's), and the Erlang cookie every node
/// run as the <c>rabbitmq</c> user shares. A node can be killed (SIGKILL, as a crash) and started again; it rejoins the
/// cluster on its own. The nodes run as the <c>rabbitmq</c> user, which is what Debian's <c>rabbitmq-server</c> does
/// when started by root.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    /// <summary>Nodes named for this test only, on ports clear of the default node's 5672, 25672 and 15672.</summary>
    public static readonly IReadOnlyList<BrokerNode> Nodes =
    [
        new("matching-cluster-1@localhost", 5681, 25681),
        new("matching-cluster-2@localhost", 5682, 25682),
        new("matching-cluster-3@localhost", 5683, 25683),
    ];

    // A fixed place, so that a run that was aborted can be found and stopped by the next one.
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "matching-rabbitmq-cluster");

    /// <summary>Where the nodes' logs of the last run are kept once the cluster is stopped, for a failure to be read.</summary>
    public static readonly string KeptLogs = Path.Combine(Path.GetTempPath(), "matching-rabbitmq-cluster-logs");

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(300);

    private RabbitMqCluster()
    {
    }

    /// <summary>Stops what an aborted run left, starts the three nodes and joins the second and third to the first.</summary>
    public static async Task<RabbitMqCluster> StartAsync()
    {
        StopLeftovers();
        foreach (var node in Nodes) EnsurePortsFree(node);

        Directory.CreateDirectory(Folder);
        // The nodes run as the rabbitmq user and make their own folders here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Folder, (UnixFileMode)0b111_111_111);
        await File.WriteAllTextAsync(PluginsFile, "[].\n");

        var cluster = new RabbitMqCluster();
        foreach (var node in Nodes) Launch(node);
        await Task.WhenAll(Nodes.Select(AwaitStartupAsync));
        foreach (var node in Nodes.Skip(1))
        {
            Ctl(node, "stop_app");
            Ctl(node, "join_cluster", Nodes[0].Name);
            Ctl(node, "start_app");
            Ctl(node, "await_startup");
        }

        var running = Running(Nodes[0]);
        if (running.Count != Nodes.Count) throw new InvalidOperationException($"Only {string.Join(", ", running)} run in the cluster");
        return cluster;
    }

    /// <summary>Runs <c>rabbitmqctl -n NODE …</c> against a node of this cluster.</summary>
    public static string Ctl(BrokerNode node, params string[] arguments) => RabbitMqVirtualHost.Rabbitmqctl(["-n", node.Name, .. arguments]);

    /// <summary>The nodes the cluster sees running, as <paramref name="asking"/> (a running node) sees them.</summary>
    public static IReadOnlyList<string> Running(BrokerNode asking)
    {
        var status = JsonNode.Parse(Ctl(asking, "cluster_status", "--formatter", "json"))!;
        return status["running_nodes"]!.AsArray().Select(name => (string)name!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether every quorum queue has all its members online, as <paramref name="asking"/> (a running node) sees
    /// them: only then may another node go down without a queue losing its majority.</summary>
    public static bool AllQuorumMembersOnline(BrokerNode asking) =>
        JsonNode.Parse(Ctl(asking, "list_queues", "name", "type", "members", "online", "--formatter", "json"))!.AsArray()
            .Where(queue => (string?)queue!["type"] == "quorum")
            .All(queue => queue!["members"]!.AsArray().Count == queue["online"]!.AsArray().Count);

    /// <summary>Every queue, binding and quorum queue member as <paramref name="asking"/> (a running node) sees them, for a
    /// failure to be read by.</summary>
    public static string Describe(BrokerNode asking)
    {
        var queues = Said(() => Ctl(asking, "list_queues", "name", "type", "durable", "auto_delete", "state", "leader", "members", "online", "messages"));
        var raft = queues.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Where(row => row.Length > 1 && row[1] == "quorum")
            .Select(row => $"{row[0]}:\n{Said(() => RabbitMqVirtualHost.RabbitMqTool("rabbitmq-queues", "-q", "-n", asking.Name, "quorum_status", row[0]))}");
        return "Queues (name, type, durable, auto-delete, state, leader, members, online, messages):\n" + queues +
            "Bindings (source, destination, kind):\n" +
            Said(() => Ctl(asking, "list_bindings", "source_name", "destination_name", "destination_kind")) +
            "Each quorum queue's members:\n" + string.Join('\n', raft);

        string Said(Func<string> asked)
        {
            try
            {
                return asked();
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                return $"({asking.Name} could not say: {exception.Message})\n";
            }
        }
    }

    /// <summary>Of the nodes not in <paramref name="except"/>, the one most client connections are on (all nodes running).</summary>
    public static BrokerNode MostConnected(IEnumerable<BrokerNode> except)
    {
        var ports = Ctl(Nodes[0], "list_connections", "port").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Nodes.Except(except).MaxBy(node => ports.Count(port => port == node.Port.ToString()))!;
    }

    /// <summary>The queues that outlive their consumers: durable and not deleted with their last consumer.</summary>
    public static IReadOnlyList<string> DurableQueues(BrokerNode asking) =>
        Ctl(asking, "list_queues", "name", "durable", "auto_delete").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')).Where(row => row.Length == 3 && row[1] == "true" && row[2] == "false")
            .Select(row => row[0]).ToList();

    /// <summary>Messages in the cluster's queues (ready and unacknowledged), the error queues left out; and every queue's type.</summary>
    public static (long Messages, IReadOnlyDictionary<string, string> Types) Queues(BrokerNode asking)
    {
        var rows = Ctl(asking, "list_queues", "name", "type", "messages").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')).Where(row => row.Length == 3 && long.TryParse(row[2], out _)).ToList();
        var messages = rows.Where(row => !row[0].EndsWith("_error", StringComparison.Ordinal)).Sum(row => long.Parse(row[2]));
        return (messages, rows.ToDictionary(row => row[0], row => row[1]));
    }

    /// <summary>SIGKILL to the node's Erlang VM: no shutdown, connections cut, quorum queue leaders on it gone.</summary>
    public static void Crash(BrokerNode node)
    {
        var pid = Pid(node) ?? throw new InvalidOperationException($"{node.Name} is not running");
        using (var process = Process.GetProcessById(pid)) process.Kill();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Alive(pid))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{node.Name} (pid {pid}) still runs 60 s after SIGKILL");
            Thread.Sleep(20);
        }
    }

    /// <summary>Starts a node again with its own data: it rejoins the cluster; returns once it runs the broker.</summary>
    public static Task BringBackAsync(BrokerNode node)
    {
        Launch(node);
        return AwaitStartupAsync(node);
    }

    public ValueTask DisposeAsync()
    {
        StopLeftovers(keepLogs: true);
        return ValueTask.CompletedTask;
    }

    private static string PluginsFile => Path.Combine(Folder, "enabled_plugins");

    private static string NodeFolder(BrokerNode node) => Path.Combine(Folder, node.Name.Split('@')[0]);

    private static string PidFile(BrokerNode node) => Path.Combine(NodeFolder(node), "pid");

    private static void Launch(BrokerNode node)
    {
        var start = new ProcessStartInfo("rabbitmq-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-detached");
        start.Environment["RABBITMQ_NODENAME"] = node.Name;
        start.Environment["RABBITMQ_NODE_PORT"] = node.Port.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = node.DistributionPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(NodeFolder(node), "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(NodeFolder(node), "log");
        start.Environment["RABBITMQ_PID_FILE"] = PidFile(node);
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = PluginsFile;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) throw new TimeoutException($"rabbitmq-server -detached for {node.Name} took over 60 s");
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmq-server for {node.Name} failed: {output.Result}{error.Result}");
    }

    // A detached node registers with epmd a moment after rabbitmq-server returns, and boots the broker after that.
    private static Task AwaitStartupAsync(BrokerNode node) => Poll.UntilAsync(() => Task.Run(() =>
        {
            try
            {
                Ctl(node, "await_startup");
                return true;
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                // not registered yet, or still booting (a node rejoining a cluster on a busy machine may take minutes)
                return false;
            }
        }), StartDeadline, () => $"{node.Name} did not start:\n{Log(node)}", TimeSpan.FromMilliseconds(500));

    private static string Log(BrokerNode node)
    {
        var file = Path.Combine(NodeFolder(node), "log", node.Name + ".log");
        if (!File.Exists(file)) return "(no log)";
        var text = File.ReadAllText(file);
        return text.Length <= 4000 ? text : text[^4000..];
    }

    private static int? Pid(BrokerNode node) =>
        File.Exists(PidFile(node)) && int.TryParse(File.ReadAllText(PidFile(node)).Trim(), out var pid) && Alive(pid) ? pid : null;

    private static bool Alive(int pid)
    {
        // A killed node's VM stays a zombie only until its parent (init, for a detached node) reaps it.
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadAllText(status).Contains("\nState:\tZ", StringComparison.Ordinal);
    }

    /// <summary>
    /// Stops every node of this cluster that runs (of this run, or left by an aborted one) and removes their data; their
    /// logs are moved to <see cref="KeptLogs"/> first when <paramref name="keepLogs"/>.
    /// </summary>
    private static void StopLeftovers(bool keepLogs = false)
    {
        foreach (var node in Nodes)
        {
            // By name first: a node whose folder is gone still answers to it.
            try { Ctl(node, "stop"); }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                if (Pid(node) is not { } pid) continue;
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
        }

        foreach (var node in Nodes)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Pid(node) is not null && DateTime.UtcNow < deadline) Thread.Sleep(100);
        }

        if (keepLogs) KeepLogs();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    private static void KeepLogs()
    {
        if (Directory.Exists(KeptLogs)) Directory.Delete(KeptLogs, recursive: true);
        Directory.CreateDirectory(KeptLogs);
        foreach (var node in Nodes)
        {
            var logs = Path.Combine(NodeFolder(node), "log");
            if (!Directory.Exists(logs)) continue;
            foreach (var file in Directory.EnumerateFiles(logs)) File.Copy(file, Path.Combine(KeptLogs, Path.GetFileName(file)));
        }
    }

    private static void EnsurePortsFree(BrokerNode node)
    {
        foreach (var port in new[] { node.Port, node.DistributionPort })
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Port {port} for {node.Name} is taken by another program");
            }
        }
    }
}
