namespace AdPilot.Core.Domain;

/// <summary>Readable labels of <see cref="AgeGroup"/>, the same as their JSON names.</summary>
public static class AgeGroupLabels
{
    /// <summary>The label of an age band, e.g. <c>25-34</c>.</summary>
    /// <param name="age">The age band.</param>
    /// <returns>The label.</returns>
    public static string Label(this AgeGroup age) => age switch
    {
        AgeGroup.Age18To24 => "18-24",
        AgeGroup.Age25To34 => "25-34",
        AgeGroup.Age35To44 => "35-44",
        AgeGroup.Age45To54 => "45-54",
        AgeGroup.Age55Plus => "55+",
        _ => age.ToString(),
    };
}
