namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// The doubly robust estimator's reward model, cross-fitted: the decisions are split into folds (whole groups at a
/// time), one <see cref="RidgeRegression"/> is fitted per fold on every other fold, and a decision's predictions always
/// come from the model that did not see it. The estimator's correction term then has mean zero whatever the model's
/// errors, so DR stays unbiased when the propensities are right, however poor the model; a good model only narrows the
/// interval.
/// </summary>
/// <remarks>
/// The ridge penalty is per training decision, so the shrinkage keeps its strength whatever the number of decisions; by
/// default each fold's model picks it by leave-one-out error (<see cref="RidgeRegression.FitBest"/>). Groups go to folds in turn in the order they first appear; with fewer groups than folds, decisions go to folds in
/// turn instead. A fold whose complement is empty (a single decision) predicts 0, which makes DR equal to IPS there.
/// </remarks>
public sealed class CrossFittedRewardModel
{
    private readonly int[] _folds;
    private readonly RidgeRegression[] _models;

    private CrossFittedRewardModel(int[] folds, RidgeRegression[] models)
    {
        _folds = folds;
        _models = models;
    }

    /// <summary>Gets the number of decisions the model was fitted on.</summary>
    public int Count => _folds.Length;

    /// <summary>Fits the fold models.</summary>
    /// <param name="samples">The logged decisions, features of equal length.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or a sample's features differ in length or are not finite.</exception>
    public static CrossFittedRewardModel Fit(IReadOnlyList<RewardModelSample> samples, RewardModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new RewardModelOptions();
        options.Validate();
        var n = samples.Count;

        var folds = new int[n];
        var groups = new Dictionary<long, int>();
        foreach (var sample in samples)
        {
            groups.TryAdd(sample.Group, groups.Count);
        }

        for (var i = 0; i < n; i++)
        {
            folds[i] = groups.Count >= options.Folds ? groups[samples[i].Group] % options.Folds : i % options.Folds;
        }

        var models = new RidgeRegression[options.Folds];
        for (var k = 0; k < options.Folds; k++)
        {
            var x = new List<double[]>(n);
            var y = new List<double>(n);
            for (var i = 0; i < n; i++)
            {
                if (folds[i] != k)
                {
                    x.Add(samples[i].Features);
                    y.Add(samples[i].Reward);
                }
            }

            models[k] = options.Ridge is { } ridge
                ? RidgeRegression.Fit(x, y, ridge * x.Count)
                : RidgeRegression.FitBest(x, y, [.. options.RidgeGrid.Select(r => r * x.Count)]);
        }

        return new CrossFittedRewardModel(folds, models);
    }

    /// <summary>The fold a decision fell in.</summary>
    /// <param name="sample">The decision's index in the samples fitted.</param>
    /// <returns>The fold.</returns>
    public int FoldOf(int sample) => _folds[sample];

    /// <summary>The prediction for a decision's state with some action, by the model fitted without the decision's fold.</summary>
    /// <param name="sample">The decision's index in the samples fitted.</param>
    /// <param name="features">The features of the decision's state with the action asked about.</param>
    /// <returns>The predicted reward.</returns>
    public double Predict(int sample, ReadOnlySpan<double> features) => _models[_folds[sample]].Predict(features);
}
