using System.Net;
using System.Net.Sockets;
using Matching.Testing;
using Npgsql;

namespace Matching.SystemTests;

/// <summary>
/// docker compose starts a service and its PostgreSQL server together, and a busy machine may keep the server from answering
/// for a while: a service that finds no database yet waits for it (within <c>Database:StartupPatienceSeconds</c>) instead of
/// dying at its first try.
/// </summary>
public sealed class StartingBeforeTheDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = TestDatabase.Postgres();
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly LateDoor door = new(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer).Port);
    private ServiceProcess? courses;

    [Fact]
    public async Task A_service_whose_database_does_not_answer_yet_should_wait_for_it_and_then_be_ready()
    {
        var settings = ServiceProcess.Settings(vhost, database);
        settings["ConnectionStrings:Database"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = door.Port }.ConnectionString;
        courses = new ServiceProcess("services/Courses/Courses.Api", settings);

        var starting = courses.StartAsync();
        await Poll.UntilAsync(() => Task.FromResult(courses.Log.Contains("The database does not answer yet", StringComparison.Ordinal) || starting.IsCompleted),
            TimeSpan.FromSeconds(120), () => $"Courses never said it waits for the database:\n{courses.Log}");
        Assert.False(starting.IsCompleted, $"Courses started, or gave up, with no database to reach:\n{courses.Log}");

        door.Open();
        await starting;

        using var ready = await courses.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (courses is not null) await courses.DisposeAsync();
        door.Dispose();
        database.Dispose();
        vhost.Dispose();
    }

    /// <summary>A port where nothing answers until <see cref="Open"/>; from then on, each connection is passed on to the real
    /// server's port.</summary>
    private sealed class LateDoor(int target) : IDisposable
    {
        private readonly CancellationTokenSource closing = new();
        private TcpListener? listener;

        public int Port { get; } = ServiceProcess.FreePort();

        public void Open()
        {
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        private async Task AcceptAsync()
        {
            while (!closing.IsCancellationRequested)
            {
                TcpClient caller;
                try { caller = await listener!.AcceptTcpClientAsync(closing.Token); }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                _ = PassOnAsync(caller);
            }
        }

        private async Task PassOnAsync(TcpClient caller)
        {
            using (caller)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, target, closing.Token);
                    var (one, other) = (caller.GetStream(), server.GetStream());
                    await Task.WhenAny(one.CopyToAsync(other, closing.Token), other.CopyToAsync(one, closing.Token));
                }
                catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
                {
                    // One side went away: so does the other.
                }
            }
        }

        public void Dispose()
        {
            closing.Cancel();
            listener?.Stop();
        }
    }
}
