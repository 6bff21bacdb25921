using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AdPilot.Storage.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster made with the machine's own binaries (initdb and pg_ctl on PATH or under
/// /usr/lib/postgresql/*/bin): a temp folder, a free port on 127.0.0.1, trust authentication, durability off for speed.
/// initdb refuses to run as root, so under root the cluster belongs to the <c>postgres</c> system user (created if missing).
/// </summary>
/// <param name="durable">
/// Whether commits wait for the disk as in production (fsync, synchronous commit, full-page writes on): for benchmarks
/// whose figures must include the flush. Tests run without it.
/// </param>
public sealed class ThrowawayPostgres(bool durable = false) : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private readonly SemaphoreSlim _createDatabase = new(1, 1);
    private string _folder = string.Empty;
    private string _bin = string.Empty;
    private bool _asSystemUser;
    private int _databases;
    private bool _started;

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=adpilot;Database=postgres;Pooling=false";

    public async ValueTask StartAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were found neither on PATH nor under /usr/lib/postgresql/*/bin: install them "
            + "(Debian: apt-get install postgresql) so the storage tests can start a throwaway cluster; scripts/test does this where it can.");
        _asSystemUser = Environment.UserName == "root";
        _folder = Directory.CreateTempSubdirectory("adpilot-pg-").FullName;
        if (_asSystemUser)
        {
            await EnsureSystemUserAsync().ConfigureAwait(false);
            await RunAsync("chown", ["-R", $"{SystemUser}:", _folder], asSystemUser: false).ConfigureAwait(false);
        }

        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "adpilot", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], _asSystemUser).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            var durability = durable ? "-c fsync=on -c synchronous_commit=on -c full_page_writes=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var options = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 {durability} -c max_connections=200";
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_folder, "log"), "-o", options, "-w", "-t", "60", "start"], _asSystemUser).ConfigureAwait(false);
                _started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // Another process took the port between our probe and the server's bind: try another.
            }
        }
    }

    private Task<string>? _template;

    /// <summary>Creates a database with the current schema (a copy of one migrated template) and returns its connection string.</summary>
    public Task<string> CreateMigratedDatabaseAsync()
    {
        lock (_createDatabase)
        {
            _template ??= MigrateTemplateAsync();
        }

        return CreateAfterTemplateAsync();
    }

    private async Task<string> CreateAfterTemplateAsync()
    {
        var template = await _template!.ConfigureAwait(false);
        return await CreateDatabaseAsync(template).ConfigureAwait(false);
    }

    private async Task<string> MigrateTemplateAsync()
    {
        var connectionString = await CreateDatabaseAsync().ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await Task.Run(() => AdPilot.Storage.Migrations.DatabaseMigrator.Migrate(AdPilot.Storage.Connections.DatabaseTarget.Parse(builder.ConnectionString))).ConfigureAwait(false);
        return builder.Database!;
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Interlocked.Increment(ref _databases)}");
        await _createDatabase.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template ?? "template0"}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        finally
        {
            _createDatabase.Release();
        }

        return $"Host=127.0.0.1;Port={Port};Username=adpilot;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        _createDatabase.Dispose();
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], _asSystemUser).ConfigureAwait(false);
        }

        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
            .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task EnsureSystemUserAsync()
    {
        try
        {
            await RunAsync("id", ["-u", SystemUser], asSystemUser: false).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SystemUser], asSystemUser: false).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asSystemUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asSystemUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asSystemUser)
        {
            foreach (var a in new[] { "-u", SystemUser, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
