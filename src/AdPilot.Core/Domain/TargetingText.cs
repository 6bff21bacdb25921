namespace AdPilot.Core.Domain;

/// <summary>
/// A targeting as people and the database write it: the age band's label (<c>25-34</c>, <c>55+</c>) and the interests as
/// comma-separated names (<c>fitness,beauty</c>), with <c>broad</c> for none.
/// </summary>
public static class TargetingText
{
    /// <summary>The word for no interest restriction.</summary>
    public const string Broad = "broad";

    /// <summary>Interests as comma-separated names, or <see cref="Broad"/>.</summary>
    /// <param name="interests">The interests.</param>
    /// <returns>The text.</returns>
    public static string Format(Interests interests)
    {
        if (interests == Interests.None)
        {
            return Broad;
        }

        var names = new List<string>();
        foreach (var name in InterestsJsonConverter.Names)
        {
            if (InterestsJsonConverter.TryParse(name, out var one) && (interests & one) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(',', names);
    }

    /// <summary>A targeting for people: <c>25-34, fitness+beauty</c>.</summary>
    /// <param name="age">The age band.</param>
    /// <param name="interests">The interests.</param>
    /// <returns>The text.</returns>
    public static string Describe(AgeGroup age, Interests interests) =>
        $"{age.Label()}, {(interests == Interests.None ? "broad interests" : Format(interests).Replace(',', '+'))}";

    /// <summary>Parses comma-separated interest names (or <see cref="Broad"/>, or empty).</summary>
    /// <param name="text">The text.</param>
    /// <param name="interests">The interests, when every name is known.</param>
    /// <param name="error">What is wrong, otherwise.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParseInterests(string? text, out Interests interests, out string? error)
    {
        interests = Interests.None;
        error = null;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0 || string.Equals(trimmed, Broad, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!InterestsJsonConverter.TryParse(part, out var one))
            {
                error = $"unknown interest '{part}' (expected {Broad} or some of {string.Join(", ", InterestsJsonConverter.Names)})";
                interests = Interests.None;
                return false;
            }

            interests |= one;
        }

        return true;
    }

    /// <summary>Parses an age band label exactly: <c>18-24</c>, <c>25-34</c>, <c>35-44</c>, <c>45-54</c> or <c>55+</c>.</summary>
    /// <param name="text">The label.</param>
    /// <param name="age">The band, when it is one of them.</param>
    /// <returns>Whether it is.</returns>
    public static bool TryParseAge(string? text, out AgeGroup age)
    {
        foreach (var candidate in Enum.GetValues<AgeGroup>())
        {
            if (string.Equals(candidate.Label(), (text ?? string.Empty).Trim(), StringComparison.Ordinal))
            {
                age = candidate;
                return true;
            }
        }

        age = default;
        return false;
    }
}
