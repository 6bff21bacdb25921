using System.Globalization;
using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// An asynchronous insights report run (api-reference §1.3). Its rows are fixed when it is created; it reports
/// <c>"Job Running"</c> at 50% on the first poll and <c>"Job Completed"</c> at 100% from the second, so a client must poll.
/// </summary>
internal sealed class MetaReportRun(string id, MetaAccount account, IReadOnlyList<JsonNode> rows, DateOnly dateStart, DateOnly dateStop, DateTimeOffset createdAt)
{
    private int _polls;

    public string Id { get; } = id;

    /// <summary>The account whose insights the run reports.</summary>
    public MetaAccount Account { get; } = account;

    public IReadOnlyList<JsonNode> Rows { get; } = rows;

    public bool Completed => Volatile.Read(ref _polls) >= 2;

    /// <summary>The run as <c>GET /&lt;report_run_id&gt;</c> shows it; each call is a poll.</summary>
    public JsonObject Poll()
    {
        var polls = Interlocked.Increment(ref _polls);
        var done = polls >= 2;
        var created = createdAt.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["id"] = Id,
            ["account_id"] = Account.Digits,
            ["async_status"] = done ? "Job Completed" : "Job Running",
            ["async_percent_completion"] = done ? 100 : 50,
            ["date_start"] = dateStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["date_stop"] = dateStop.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time_ref"] = created,
            ["time_completed"] = done ? created : 0,
            ["is_running"] = !done,
        };
    }
}
