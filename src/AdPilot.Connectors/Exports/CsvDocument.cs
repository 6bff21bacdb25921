using System.Text;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// A CSV file as exports write it, read whole: a header and its records. The reader takes what real exports put in a
/// file: a UTF-8 (or UTF-16) byte-order mark, CRLF, LF or lone-CR line endings (old Mac files), quoted fields with doubled
/// quotes and embedded line breaks, and a comma, semicolon or tab delimiter (chosen from the header line). Blank lines
/// are skipped.
/// </summary>
/// <param name="File">The file's name as given, for messages.</param>
/// <param name="Header">The header's column names, trimmed, BOM removed.</param>
/// <param name="Records">The records after the header, blank ones left out.</param>
/// <param name="Delimiter">The delimiter.</param>
public sealed record CsvDocument(string File, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records, char Delimiter)
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ExportFormatException">The file does not exist, cannot be read, or is not CSV.</exception>
    public static async Task<CsvDocument> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = await System.IO.File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ExportFormatException(path, null, null, "the file does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ExportFormatException(path, null, null, "the file cannot be read (permission denied)");
        }
        catch (IOException ex)
        {
            throw new ExportFormatException(path, null, null, $"the file cannot be read: {ex.Message}");
        }

        return Parse(path, bytes);
    }

    /// <summary>Parses a file's bytes, decoding them by their byte-order mark (UTF-8 without one).</summary>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ExportFormatException">The bytes are not UTF-8 text or not CSV.</exception>
    public static CsvDocument Parse(string file, ReadOnlySpan<byte> bytes)
    {
        string text;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            try
            {
                text = utf8.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new ExportFormatException(file, null, null, "the file is not UTF-8 text (export it as CSV in UTF-8, as Ads Manager, TikTok and Shopify do)");
            }
        }

        return Parse(file, text);
    }

    /// <summary>Parses CSV text.</summary>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="text">The text.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ExportFormatException">The text has no header, a quoted field is never closed, or text follows a closing quote.</exception>
    public static CsvDocument Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var delimiter = DetectDelimiter(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;
        while (i <= text.Length)
        {
            if (i == text.Length)
            {
                EndRecord();
                break;
            }

            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ExportFormatException(file, quoteLine, null, "a quoted field is never closed (a '\"' is missing)");
                    }

                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (q == '\r' || q == '\n')
                    {
                        line++;
                        if (q == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            field.Append('\r');
                            i++;
                        }
                    }

                    field.Append(text[i]);
                    i++;
                }

                // Spaces after a closing quote are tolerated; anything else is a broken field.
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                if (i < text.Length && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                {
                    throw new ExportFormatException(file, line, null, $"unexpected '{text[i]}' after a quoted field (a quote inside a field must be doubled)");
                }

                atFieldStart = false;
                continue;
            }

            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                i++;
                continue;
            }

            if (c == '\r' || c == '\n')
            {
                EndRecord();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }

            field.Append(c);
            atFieldStart = false;
            i++;
        }

        if (records.Count == 0)
        {
            throw new ExportFormatException(file, 1, null, "the file is empty (expected a header line)");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        return new CsvDocument(file, header, records.Skip(1).ToArray(), delimiter);

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            atFieldStart = true;
            var record = new CsvRecord(recordLine, fields.ToArray());
            fields.Clear();
            if (!record.IsBlank)
            {
                records.Add(record);
            }
        }
    }

    /// <summary>The delimiter of the header line: whichever of comma, semicolon and tab occurs most outside quotes (comma on a tie).</summary>
    private static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\r' || c == '\n'))
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }
}
