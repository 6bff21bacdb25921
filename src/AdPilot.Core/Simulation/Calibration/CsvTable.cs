using System.Globalization;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// A minimal CSV reader for the calibration files: one record per line (CR, LF or CRLF, as
/// <see cref="TextReader.ReadLine"/> splits them), comma-separated, fields optionally in double quotes. Columns are
/// looked up by header name, so their order and any extra columns do not matter.
/// </summary>
internal sealed class CsvTable
{
    private readonly string _fileName;
    private readonly Dictionary<string, int> _columns;
    private readonly int _width;
    private readonly TextReader _reader;
    private string[] _fields = [];

    private CsvTable(string fileName, TextReader reader, string[] header)
    {
        _fileName = fileName;
        _reader = reader;
        _width = header.Length;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _columns.TryAdd(header[i].Trim(), i);
        }
    }

    /// <summary>Gets the 1-based number of the current line (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    public static CsvTable Open(string fileName, TextReader reader, IReadOnlyList<string> requiredColumns)
    {
        var first = reader.ReadLine()?.TrimStart('\uFEFF');
        if (first is null || first.Length == 0)
        {
            throw new DataFormatException(fileName, 1, null, "the file is empty (expected a header line)");
        }

        if (!TrySplit(first, out var header, out var problem))
        {
            throw new DataFormatException(fileName, 1, null, problem);
        }

        var table = new CsvTable(fileName, reader, header);
        foreach (var column in requiredColumns)
        {
            if (!table._columns.ContainsKey(column))
            {
                throw new DataFormatException(fileName, 1, column, $"missing column (the header has {string.Join(", ", header)})");
            }
        }

        return table;
    }

    /// <summary>Moves to the next non-empty record.</summary>
    /// <returns>False at the end of the file.</returns>
    public bool Read()
    {
        while (_reader.ReadLine() is { } line)
        {
            Line++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!TrySplit(line, out _fields, out var problem))
            {
                throw new DataFormatException(_fileName, Line, null, problem);
            }

            if (_fields.Length != _width)
            {
                throw new DataFormatException(_fileName, Line, null, $"expected {_width} fields like the header, got {_fields.Length}");
            }

            return true;
        }

        return false;
    }

    public string Text(string column)
    {
        var value = _fields[_columns[column]].Trim();
        if (value.Length == 0)
        {
            throw Error(column, "is empty");
        }

        return value;
    }

    public long WholeNumber(string column)
    {
        var text = Text(column);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw Error(column, $"'{text}' is not a whole number of 0 or more");
        }

        return value;
    }

    public double Amount(string column)
    {
        var text = Text(column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            throw Error(column, $"'{text}' is not a number of 0 or more");
        }

        return value;
    }

    public DataFormatException Error(string column, string problem) => new(_fileName, Line, column, problem);

    private static bool TrySplit(string line, out string[] fields, out string problem)
    {
        var result = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        fields = [];
                        problem = "a quoted field is not closed";
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i]);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    fields = [];
                    problem = $"unexpected '{line[i]}' after a quoted field";
                    return false;
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                field.Append(line, i, end - i);
                i = end;
            }

            result.Add(field.ToString());
            if (i >= line.Length)
            {
                break;
            }

            i++;
        }

        fields = [.. result];
        problem = string.Empty;
        return true;
    }
}
