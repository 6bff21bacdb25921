using AdPilot.Storage.Testing;

namespace AdPilot.Storage.Tests.Infrastructure;

/// <summary>The test run's one throwaway PostgreSQL cluster (an assembly fixture); each test makes its own database on it.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly ThrowawayPostgres _server = new();

    public ValueTask InitializeAsync() => _server.StartAsync();

    public Task<string> CreateMigratedDatabaseAsync() => _server.CreateMigratedDatabaseAsync();

    public Task<string> CreateDatabaseAsync() => _server.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
