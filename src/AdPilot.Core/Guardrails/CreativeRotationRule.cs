namespace AdPilot.Core.Guardrails;

/// <summary>
/// At most <see cref="GuardrailOptions.MaxCreativeRotationsPerLocalDay"/> creative rotations per ad set per local calendar
/// day. It counts calendar days in the store's time zone, not 24-hour spans: a rotation at 23:30 allows another at 00:30,
/// and on a 25-hour DST day two rotations 24 hours apart can fall on the same date.
/// </summary>
internal static class CreativeRotationRule
{
    public static GuardrailReason? Check(GuardrailOptions options, IReadOnlyList<DateTimeOffset> rotations, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = LocalDate(now, zone);
        var count = rotations.Count(r => LocalDate(r, zone) == today);
        if (count < options.MaxCreativeRotationsPerLocalDay)
        {
            return null;
        }

        return new GuardrailReason(
            GuardrailReasonCodes.CreativeRotationDaily,
            GuardrailText.Of($"{count} creative rotation(s) already on local date {today:yyyy-MM-dd}; at most {options.MaxCreativeRotationsPerLocalDay} a day"));
    }

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
