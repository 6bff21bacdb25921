using System.Data.Common;
using AdPilot.Storage.Connections;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Web.Observability;

/// <summary><c>GET /health</c>: 200 when the database answers, 503 when it does not; no sign-in, no details that help an attacker.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (HttpContext context, CancellationToken cancellationToken) =>
        {
            var database = context.RequestServices.GetRequiredService<StorageDatabase>();
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
                return Results.Json(new HealthBody("ok", "ok"), WebJsonContext.Default.HealthBody);
            }
            catch (DbException)
            {
                return Results.Json(new HealthBody("unavailable", "unreachable"), WebJsonContext.Default.HealthBody, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}

/// <summary>The health answer.</summary>
/// <param name="Status"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="Database"><c>ok</c> or <c>unreachable</c>.</param>
internal sealed record HealthBody(string Status, string Database);
