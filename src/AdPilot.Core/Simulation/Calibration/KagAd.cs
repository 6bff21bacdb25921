using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>One ad of the KAG "Sales Conversion Optimization" data set (one row of <c>KAG_conversion_data.csv</c>).</summary>
/// <param name="AdId">The ad's id.</param>
/// <param name="CampaignId">The advertiser's campaign id (<c>xyz_campaign_id</c>).</param>
/// <param name="FacebookCampaignId">Facebook's campaign (ad set) id (<c>fb_campaign_id</c>).</param>
/// <param name="AgeBand">The targeted five-year age band as written, e.g. <c>30-34</c>.</param>
/// <param name="AgeGroup">The simulator's age band it maps onto (30–34 → 25–34, 35–44 → 35–44, 45–49 → 45–54).</param>
/// <param name="Gender">The targeted gender, <c>M</c> or <c>F</c>.</param>
/// <param name="Interest">The targeted interest's code.</param>
/// <param name="Totals">Impressions, clicks, spend and the conversions the advertiser counted (<c>Total_Conversion</c>).</param>
/// <param name="ApprovedConversions">Conversions that became sales (<c>Approved_Conversion</c>).</param>
public sealed record KagAd(
    long AdId,
    long CampaignId,
    long FacebookCampaignId,
    string AgeBand,
    AgeGroup AgeGroup,
    string Gender,
    int Interest,
    AdTotals Totals,
    double ApprovedConversions)
{
    /// <summary>Gets the same totals with approved conversions in place of all conversions.</summary>
    public AdTotals ApprovedTotals => Totals with { Conversions = ApprovedConversions };
}
