using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Storage.Connections;

namespace AdPilot.Storage.Experiments;

/// <summary>The words the database, the command line and the dashboard use for an experiment's parts.</summary>
public static class ExperimentText
{
    /// <summary>The status as stored: <c>proposed</c>, <c>running</c>, …</summary>
    /// <param name="status">The status.</param>
    /// <returns>The word.</returns>
    public static string Of(ExperimentStatus status) => EnumText.ToText(status);

    /// <summary>The arm as stored: <c>original</c> or <c>copy</c>.</summary>
    /// <param name="arm">The arm.</param>
    /// <returns>The word.</returns>
    public static string Of(ExperimentArm arm) => EnumText.ToText(arm);

    /// <summary>The platform as stored: <c>instagram</c> or <c>tiktok</c>.</summary>
    /// <param name="platform">The platform.</param>
    /// <returns>The word.</returns>
    public static string Of(Platform platform) => Sql.Name(platform);
}
