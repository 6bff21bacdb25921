using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Cli.Commands;

/// <summary>Reads checkpoint files for the commands; a file that is not a usable checkpoint is a usage error naming the file and the cause.</summary>
internal static class CheckpointFiles
{
    public static async Task<Checkpoint> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            var stream = file.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                return await CheckpointFormat.ReadAsync(stream, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"checkpoint '{file.FullName}' does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"checkpoint '{file.FullName}' cannot be read (permission denied)");
        }
        catch (CheckpointException ex)
        {
            throw new UsageException($"'{file.FullName}' is not a usable checkpoint: {ex.Message}");
        }
    }

    /// <summary>The agent a checkpoint holds; a checkpoint whose tensors do not fit its agent is a usage error.</summary>
    public static ILearningAgent Agent(FileInfo file, Checkpoint checkpoint)
    {
        try
        {
            return LearningAgents.FromCheckpoint(checkpoint);
        }
        catch (CheckpointException ex)
        {
            throw new UsageException($"'{file.FullName}' is not a usable checkpoint: {ex.Message}");
        }
    }
}
