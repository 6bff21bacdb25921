using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Faults;

/// <summary>
/// A <c>partial_batch</c> fault that hit a Meta batch request, passed to the batch handler as a request feature: it
/// decides, item by item, which items are not executed and whether each answers <c>null</c> or an error item.
/// </summary>
internal sealed class PartialBatchFault(double itemProbability, ulong seed)
{
    private Rng _rng = new(seed);

    /// <summary>The fate of each of <paramref name="count"/> items; at least one fails.</summary>
    public BatchItemFate[] Decide(int count)
    {
        var fates = new BatchItemFate[count];
        for (var i = 0; i < count; i++)
        {
            var fails = _rng.NextDouble() < itemProbability;
            var asNull = _rng.NextDouble() < 0.5;
            fates[i] = !fails ? BatchItemFate.Executed : asNull ? BatchItemFate.NotExecuted : BatchItemFate.Failed;
        }

        if (count > 0 && fates.All(f => f == BatchItemFate.Executed))
        {
            fates[^1] = BatchItemFate.Failed;
        }

        return fates;
    }
}
