namespace AdPilot.Core.Guardrails;

/// <summary>A one-off freeze over whole local days, e.g. Black Friday to Cyber Monday.</summary>
/// <param name="Name">What it is for, shown in reasons.</param>
/// <param name="FirstDay">The first local date frozen.</param>
/// <param name="LastDay">The last local date frozen (inclusive).</param>
public sealed record DateFreezeWindow(string Name, DateOnly FirstDay, DateOnly LastDay)
{
    private const int ThanksgivingWeekIndex = 3;

    /// <summary>Whether a local date is inside the window.</summary>
    /// <param name="localDate">The store's local date.</param>
    /// <returns>Whether it is.</returns>
    public bool Contains(DateOnly localDate) => localDate >= FirstDay && localDate <= LastDay;

    /// <summary>Black Friday (the day after the fourth Thursday of November) through Cyber Monday.</summary>
    /// <param name="year">The year.</param>
    /// <returns>The window.</returns>
    public static DateFreezeWindow BlackFridayCyberMonday(int year)
    {
        var first = new DateOnly(year, 11, 1);
        var firstThursday = first.AddDays(((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7);
        var blackFriday = firstThursday.AddDays((7 * ThanksgivingWeekIndex) + 1);
        return new DateFreezeWindow($"Black Friday–Cyber Monday {year}", blackFriday, blackFriday.AddDays(3));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({FirstDay:yyyy-MM-dd}–{LastDay:yyyy-MM-dd})";
}
