namespace AdPilot.Core.Guardrails;

/// <summary>No change inside a freeze window of the store's local time (weekly hours, or whole local dates).</summary>
internal static class FreezeWindowRule
{
    public static GuardrailReason? Check(GuardrailOptions options, DateTimeOffset local)
    {
        var date = DateOnly.FromDateTime(local.DateTime);
        foreach (var window in options.DateFreezeWindows)
        {
            if (window.Contains(date))
            {
                return new GuardrailReason(
                    GuardrailReasonCodes.FreezeWindow,
                    GuardrailText.Of($"local date {date:yyyy-MM-dd} is inside the freeze window {window}"));
            }
        }

        foreach (var window in options.WeeklyFreezeWindows)
        {
            if (window.Contains(local))
            {
                return new GuardrailReason(
                    GuardrailReasonCodes.FreezeWindow,
                    GuardrailText.Of($"local time {local:yyyy-MM-dd HH:mm zzz} ({local.DayOfWeek}) is inside the weekly freeze window {window}"));
            }
        }

        return null;
    }
}
