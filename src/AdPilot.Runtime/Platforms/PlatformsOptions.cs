using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Platforms;

/// <summary>Which ad platforms AdPilot drives and for which accounts. Bound from the <c>Platforms</c> configuration section.</summary>
public sealed class PlatformsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Platforms";

    /// <summary>Gets or sets where the platforms come from.</summary>
    /// <value>The default value is <see cref="PlatformSource.Api"/>.</value>
    public PlatformSource Source { get; set; } = PlatformSource.Api;

    /// <summary>
    /// Gets the ad accounts to drive with <see cref="PlatformSource.Api"/>; each platform named here needs its connector's
    /// section (<c>Meta</c>, <c>TikTok</c>). Ignored with <see cref="PlatformSource.Simulated"/>, whose world has its own.
    /// </summary>
    public IList<PlatformAccountOptions> Accounts { get; } = [];

    /// <summary>
    /// Gets or sets the scenario file of the <see cref="PlatformSource.Simulated"/> world; the built-in default scenario
    /// when empty.
    /// </summary>
    public string? Scenario { get; set; }
}

/// <summary>One ad account in configuration.</summary>
public sealed class PlatformAccountOptions
{
    /// <summary>Gets or sets the platform: <c>Instagram</c> (Meta) or <c>TikTok</c>.</summary>
    public Platform Platform { get; set; }

    /// <summary>
    /// Gets or sets the account id: Meta's numeric ad account id (with or without <c>act_</c>), or TikTok's advertiser id.
    /// </summary>
    [Required]
    [RegularExpression(@"^(act_)?\d{1,30}$", ErrorMessage = "The AccountId must be the platform's numeric id, such as act_1234567890 or 7012345678901234567.")]
    public string AccountId { get; set; } = "";

    /// <summary>Gets the account id without Meta's <c>act_</c> prefix, as the connectors take it.</summary>
    internal string PlainAccountId => AccountId.StartsWith("act_", StringComparison.Ordinal) ? AccountId[4..] : AccountId;

    /// <summary>Gets or sets the ISO 4217 currency the account reports money in; a different one fails its pulls.</summary>
    [Required(ErrorMessage = "The Currency is required: the account's ISO 4217 currency (STORE_CURRENCY when the account comes from META_AD_ACCOUNT_ID or TIKTOK_AD_ACCOUNT_ID).")]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "The Currency must be an ISO 4217 code such as USD.")]
    public string Currency { get; set; } = "";
}
