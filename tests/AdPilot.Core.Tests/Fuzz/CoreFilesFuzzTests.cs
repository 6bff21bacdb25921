using System.Text;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;
using AdPilot.Core.Simulation.Calibration;
using AdPilot.Core.Tests.Agents.Checkpoints;
using AdPilot.Core.Tests.Simulation.Calibration;
using AdPilot.Tests.Fuzz;

namespace AdPilot.Core.Tests.Fuzz;

/// <summary>
/// Fuzzes the files the core reads (docs/fuzzing.md): scenario files (<see cref="ScenarioJson"/> with
/// <see cref="ScenarioValidator"/>), checkpoint files (<see cref="CheckpointFormat"/>, then the agent built from the
/// checkpoint) and the calibration data sets (Kaggle, Robyn CSV). Each input is read or refused with the reader's own
/// error, whose message names the place; accepted scenarios and checkpoints also round-trip.
/// </summary>
public sealed class CoreFilesFuzzTests
{
    private const string Source = "fuzz-scenario.json";

    private static string RepositoryFile(string[] parts, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Path.Combine([Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..")), .. parts]);

    [Fact]
    public async Task ScenarioJson_FuzzedScenarioFiles_ParsedAndRoundTripOrRejectedNamingThePath()
    {
        var seeds = new List<string> { File.ReadAllText(RepositoryFile(["scenarios", "default.json"])) };
        seeds.AddRange(Enumerable.Range(1, 3).Select(i => ScenarioJson.Serialize(DefaultFamily.Sample((ulong)i * 7919, 1 + i))));
        var target = new FuzzTarget
        {
            Parser = "ScenarioJson",
            Corpus = FuzzCorpus.Json(seeds),
            Parse = FuzzTarget.Sync(input => ScenarioJson.Parse(input.Text, Source)),
            IsDocumentedError = e => e is ScenarioException,
            MessageProblem = FuzzTarget.Naming(Source),
            AfterAccepted = (input, _) =>
            {
                var once = ScenarioJson.Serialize(ScenarioJson.Parse(input.Text, Source));
                Assert.Equal(once, ScenarioJson.Serialize(ScenarioJson.Parse(once, Source)));
                return Task.CompletedTask;
            },
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    [Fact]
    public async Task CheckpointFormat_FuzzedCheckpointFiles_ReadAndRoundTripOrRejected()
    {
        var seeds = new List<byte[]> { CheckpointFormat.Serialize(CheckpointBuilder.Sample()) };
        foreach (var kind in LearningAgents.Kinds)
        {
            seeds.Add(CheckpointFormat.Serialize(LearningAgents.Create(kind, seed: 11).ToCheckpoint("fuzz-run", CheckpointBuilder.SampleTime, new Dictionary<string, string>())));
        }

        var target = new FuzzTarget
        {
            Parser = "CheckpointFormat",
            Corpus = new FuzzCorpus(seeds, [], generate: null),
            Parse = FuzzTarget.Sync(input =>
            {
                var checkpoint = CheckpointFormat.Deserialize(input.Bytes);
                if (LearningAgents.Kinds.Contains(checkpoint.AgentKind))
                {
                    LearningAgents.FromCheckpoint(checkpoint);
                }
            }),
            IsDocumentedError = e => e is CheckpointException,
            AfterAccepted = (input, _) =>
            {
                var checkpoint = CheckpointFormat.Deserialize(input.Bytes);
                Assert.Equal(input.Bytes, CheckpointFormat.Serialize(CheckpointFormat.Deserialize(CheckpointFormat.Serialize(checkpoint))));
                return Task.CompletedTask;
            },
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    [Fact]
    public async Task KagDataset_FuzzedCsv_ReadOrRejectedNamingTheLine()
    {
        (await Fuzzer.RunAsync(Dataset("KagDataset", CalibrationTestData.SmallKagText, text => KagDataset.Parse(text)))).AssertBothPaths();
    }

    [Fact]
    public async Task RobynDataset_FuzzedCsv_ReadOrRejectedNamingTheLine()
    {
        (await Fuzzer.RunAsync(Dataset("RobynDataset", CalibrationTestData.SmallRobynText, text => RobynDataset.Parse(text)))).AssertBothPaths();
    }

    private static FuzzTarget Dataset(string parser, string seed, Action<string> parse) => new()
    {
        Parser = parser,
        Corpus = FuzzCorpus.Csv([Encoding.UTF8.GetBytes(seed)]),
        Parse = FuzzTarget.Sync(input => parse(input.Text)),
        IsDocumentedError = e => e is DataFormatException,
    };

    /// <summary>Found by fuzzing RobynDataset (csv-huge-field): the message quoted a 1.1 MB cell whole.</summary>
    [Fact]
    public void RobynDataset_HugeCell_MessageNamesLineAndColumnAndStaysShort()
    {
        var lines = CalibrationTestData.SmallRobynText.Split('\n');
        var row = lines[1].Split(',');
        row[2] = new string('9', 70_000) + "x";
        var text = string.Join('\n', [lines[0], string.Join(',', row), .. lines[2..]]);

        var error = Assert.Throws<DataFormatException>(() => RobynDataset.Parse(text));

        Assert.InRange(error.Message.Length, 1, FuzzTarget.MaxMessageLength);
        Assert.Contains("line 2, column facebook_S", error.Message, StringComparison.Ordinal);
        Assert.Contains("(70,", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing ScenarioJson (swap-spans): the reader's message quoted the rest of the file as the bad token.</summary>
    [Fact]
    public void ScenarioJson_BadTokenBeforeALongTail_MessageNamesThePathAndLineAndStaysShort()
    {
        var json = "{\"name\": tive\": {" + string.Concat(Enumerable.Repeat("\"ugc\": 0.00983, ", 400)) + "}}";

        var error = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json, Source));

        Assert.InRange(error.Message.Length, 1, 600);
        Assert.Contains(Source, error.Message, StringComparison.Ordinal);
        Assert.Contains("(line 1)", error.Message, StringComparison.Ordinal);
    }
}
