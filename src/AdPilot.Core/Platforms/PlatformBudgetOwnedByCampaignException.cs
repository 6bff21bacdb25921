namespace AdPilot.Core.Platforms;

/// <summary>
/// A budget change was asked of an ad set (or ad group) that has no budget of its own: its campaign owns the budget
/// (Meta's Advantage+ campaign budget, TikTok's campaign budget optimisation). Nothing was sent. Changing the campaign
/// would move every sibling's spend too, so the connector refuses instead; retrying fails again.
/// </summary>
public sealed class PlatformBudgetOwnedByCampaignException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformBudgetOwnedByCampaignException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="campaignId">The campaign that owns the budget.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformBudgetOwnedByCampaignException(
        PlatformErrorContext context, string message, string campaignId, Exception? innerException = null)
        : base(context, message, innerException)
    {
        CampaignId = campaignId;
    }

    /// <summary>Gets the id of the campaign that owns the budget.</summary>
    public string CampaignId { get; }

    /// <inheritdoc/>
    public override bool IsTransient => false;
}
