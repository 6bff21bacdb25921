using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Sandbox;

/// <summary><c>/_sandbox/*</c>: controls of the sandbox itself, not of any platform.</summary>
internal static class ClockApi
{
    public static void Map(IEndpointRouteBuilder routes, SandboxWorld world)
    {
        routes.MapPost("/_sandbox/clock/advance", (HttpContext context) =>
        {
            var raw = context.Request.Query["hours"];
            if (raw.Count != 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || hours < 1 || hours > SandboxWorld.MaxAdvanceHours)
            {
                var error = new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["code"] = "invalid_hours",
                        ["message"] = $"query parameter 'hours' must be one whole number from 1 to {SandboxWorld.MaxAdvanceHours}, got '{raw}'",
                    },
                };
                return Results.Content(error.ToJsonString(), "application/json", statusCode: StatusCodes.Status400BadRequest);
            }

            world.Advance(hours);
            return Results.Content(Now(world).ToJsonString(), "application/json");
        });
        routes.MapGet("/_sandbox/clock", () => Results.Content(Now(world).ToJsonString(), "application/json"));
    }

    private static JsonObject Now(SandboxWorld world) => new()
    {
        ["nowUtc"] = world.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["hoursElapsed"] = world.HoursElapsed,
    };
}
