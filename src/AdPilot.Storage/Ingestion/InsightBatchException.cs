namespace AdPilot.Storage.Ingestion;

/// <summary>An insight batch was refused because of one bad row; nothing of the batch was written.</summary>
public sealed class InsightBatchException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InsightBatchException"/> class.</summary>
    /// <param name="row">The zero-based index of the bad row in the batch.</param>
    /// <param name="field">The bad field (its column name).</param>
    /// <param name="message">What is wrong, naming the row and the field.</param>
    public InsightBatchException(int row, string field, string message)
        : base(message)
    {
        Row = row;
        Field = field;
    }

    /// <summary>Gets the zero-based index of the bad row.</summary>
    public int Row { get; }

    /// <summary>Gets the bad field's column name.</summary>
    public string Field { get; }
}
