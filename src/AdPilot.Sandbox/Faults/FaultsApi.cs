using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Sandbox.Faults;

/// <summary>
/// <c>/_sandbox/faults</c>: <c>GET</c> shows the running rules with how often each was tried and hit, <c>PUT</c> replaces
/// the seed and rules (the faults file format; the random source and counters start again), <c>DELETE</c> removes every
/// rule. Webhook faults are fixed at start: a <c>PUT</c> may leave them out or repeat them, not change them.
/// </summary>
internal static class FaultsApi
{
    public const int MaxBodyBytes = 1 << 20;

    public static void Map(IEndpointRouteBuilder routes, FaultInjector injector)
    {
        routes.MapGet("/_sandbox/faults", () => Json(injector.ToJson(), StatusCodes.Status200OK));
        routes.MapPut("/_sandbox/faults", async (HttpContext context) =>
        {
            string json;
            using (var reader = new StreamReader(context.Request.Body))
            {
                var buffer = new char[MaxBodyBytes + 1];
                var read = await reader.ReadBlockAsync(buffer.AsMemory(), context.RequestAborted).ConfigureAwait(false);
                if (read > MaxBodyBytes)
                {
                    return Error("faults", "the faults document is larger than 1 MiB");
                }

                json = new string(buffer, 0, read);
            }

            SandboxFaults next;
            try
            {
                next = SandboxFaults.Parse(json);
            }
            catch (SandboxFaultsException ex)
            {
                return Error(ex.Field, ex.Message);
            }

            var current = injector.Current;
            if (next.Webhooks != WebhookFaults.None && next.Webhooks != current.Webhooks)
            {
                return Error("faults.webhooks", "faults.webhooks cannot change while the sandbox runs (the webhook sender reads them at start); leave them out");
            }

            injector.Replace(next with { Webhooks = current.Webhooks });
            return Json(injector.ToJson(), StatusCodes.Status200OK);
        });
        routes.MapDelete("/_sandbox/faults", () =>
        {
            injector.Replace(injector.Current with { Rules = [] });
            return Json(injector.ToJson(), StatusCodes.Status200OK);
        });
    }

    private static IResult Error(string field, string message) => Json(
        new JsonObject { ["error"] = new JsonObject { ["code"] = "invalid_faults", ["field"] = field, ["message"] = message } },
        StatusCodes.Status400BadRequest);

    private static IResult Json(JsonObject body, int status) => Results.Content(body.ToJsonString(), "application/json", statusCode: status);
}
