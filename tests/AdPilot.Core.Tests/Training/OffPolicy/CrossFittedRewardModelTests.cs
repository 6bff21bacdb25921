using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class CrossFittedRewardModelTests
{
    [Fact]
    public void Predict_ComesFromTheModelFittedWithoutTheDecisionsFold()
    {
        // Constant features: each fold's model is the mean reward of the other fold. Group 1 (rewards 10, 20) is fold 0,
        // group 2 (rewards 1, 3) fold 1: group 1's decisions get 2, group 2's get 15.
        RewardModelSample[] samples =
        [
            new([1.0], 10, 1),
            new([1.0], 1, 2),
            new([1.0], 20, 1),
            new([1.0], 3, 2),
        ];

        var model = CrossFittedRewardModel.Fit(samples, new RewardModelOptions { Ridge = 1 });

        Assert.Equal([0, 1, 0, 1], Enumerable.Range(0, 4).Select(model.FoldOf));
        Assert.Equal(2, model.Predict(0, [1.0]), 1e-12);
        Assert.Equal(15, model.Predict(1, [1.0]), 1e-12);
        Assert.Equal(2, model.Predict(2, [5.0]), 1e-12);
    }

    [Fact]
    public void Fit_OneGroup_FoldsDecisionsInTurn_AndOneDecisionPredictsZero()
    {
        var model = CrossFittedRewardModel.Fit([new([0.0], 4, 9), new([0.0], 8, 9), new([0.0], 6, 9)]);
        var single = CrossFittedRewardModel.Fit([new([0.0], 4, 9)]);

        Assert.Equal([0, 1, 0], Enumerable.Range(0, 3).Select(model.FoldOf));
        Assert.Equal(8, model.Predict(0, [0.0]), 1e-12);
        Assert.Equal(5, model.Predict(1, [0.0]), 1e-12);
        Assert.Equal(0, single.Predict(0, [0.0]));
    }

    [Fact]
    public void Fit_LinearRewards_PredictsTheHeldOutFoldWell()
    {
        var samples = Enumerable.Range(0, 200)
            .Select(i => new RewardModelSample([i % 10, (i * 7) % 13], 5 + (3 * (i % 10)) - ((i * 7) % 13), i / 8))
            .ToArray();

        var model = CrossFittedRewardModel.Fit(samples, new RewardModelOptions { Ridge = 0.001 });

        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(samples[i].Reward, model.Predict(i, samples[i].Features), 0.1));
    }

    [Fact]
    public void Fit_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossFittedRewardModel.Fit([], new RewardModelOptions { Folds = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossFittedRewardModel.Fit([], new RewardModelOptions { Ridge = -1 }));
    }
}
