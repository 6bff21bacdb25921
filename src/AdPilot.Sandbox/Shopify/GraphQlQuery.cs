using System.Globalization;
using System.Text;

namespace AdPilot.Sandbox.Shopify;

/// <summary>A field of a parsed GraphQL selection: alias, name, arguments (values still holding variables) and sub-selection.</summary>
internal sealed record GraphQlField(string Alias, string Name, IReadOnlyDictionary<string, object?> Arguments, IReadOnlyList<GraphQlField>? Selection, int Line, int Column);

/// <summary>A <c>$name</c> in an argument, resolved against the request's variables at execution.</summary>
internal sealed record GraphQlVariable(string Name);

/// <summary>An enum literal such as <c>UPDATED_AT</c>.</summary>
internal sealed record GraphQlEnum(string Name);

/// <summary>The query could not be parsed, or uses what the sandbox does not support; the message says where.</summary>
internal sealed class GraphQlSyntaxException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>
/// A small recursive-descent parser for the subset of GraphQL the connectors send: one query operation (anonymous or
/// named, with variable definitions), fields with aliases, arguments of every literal kind and variables, nested
/// selections; mutations parse the same way (the API serves one). Fragments, directives and subscriptions are refused
/// with a message saying so.
/// </summary>
internal sealed class GraphQlQuery
{
    private readonly string _text;
    private int _pos;

    private GraphQlQuery(string text)
    {
        _text = text;
    }

    /// <summary>Parses a document and returns the root selection of its one query operation.</summary>
    public static IReadOnlyList<GraphQlField> Parse(string text)
    {
        var selection = ParseOperation(text, out var isMutation);
        if (isMutation)
        {
            throw new GraphQlSyntaxException("the sandbox serves queries only, not mutation operations", 1, 1);
        }

        return selection;
    }

    /// <summary>Parses a document of one query or mutation operation and returns its root selection.</summary>
    public static IReadOnlyList<GraphQlField> ParseOperation(string text, out bool isMutation)
    {
        var parser = new GraphQlQuery(text);
        isMutation = false;
        parser.Skip();
        if (parser.Peek() == '{')
        {
            return parser.EndAfter(parser.SelectionSet());
        }

        var keyword = parser.Name();
        if (keyword is "subscription")
        {
            throw parser.Error($"the sandbox serves queries only, not {keyword} operations");
        }

        isMutation = keyword == "mutation";
        if (keyword is not ("query" or "mutation"))
        {
            throw parser.Error($"Parse error on \"{keyword}\": expected query or {{");
        }

        if (IsNameStart(parser.Peek()))
        {
            parser.Name();
        }

        if (parser.Peek() == '(')
        {
            parser.VariableDefinitions();
        }

        return parser.EndAfter(parser.SelectionSet());
    }

    private IReadOnlyList<GraphQlField> EndAfter(IReadOnlyList<GraphQlField> selection)
    {
        if (_pos < _text.Length)
        {
            throw Error("the sandbox takes one operation per document");
        }

        return selection;
    }

    private void VariableDefinitions()
    {
        Expect('(');
        while (Peek() != ')')
        {
            Expect('$');
            Name();
            Expect(':');
            TypeReference();
            if (Peek() == '=')
            {
                Expect('=');
                Value();
            }
        }

        Expect(')');
    }

    private void TypeReference()
    {
        if (Peek() == '[')
        {
            Expect('[');
            TypeReference();
            Expect(']');
        }
        else
        {
            Name();
        }

        if (Peek() == '!')
        {
            Expect('!');
        }
    }

    private List<GraphQlField> SelectionSet()
    {
        Expect('{');
        var fields = new List<GraphQlField>();
        while (Peek() != '}')
        {
            if (Peek() == '.')
            {
                throw Error("the sandbox does not support fragments");
            }

            var (line, column) = Location(_pos);
            var name = Name();
            var alias = name;
            if (Peek() == ':')
            {
                Expect(':');
                name = Name();
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Peek() == '(')
            {
                Expect('(');
                while (Peek() != ')')
                {
                    var argument = Name();
                    Expect(':');
                    arguments[argument] = Value();
                }

                Expect(')');
            }

            if (Peek() == '@')
            {
                throw Error("the sandbox does not support directives");
            }

            fields.Add(new GraphQlField(alias, name, arguments, Peek() == '{' ? SelectionSet() : null, line, column));
        }

        Expect('}');
        return fields;
    }

    private object? Value()
    {
        var c = Peek();
        switch (c)
        {
            case '$':
                Expect('$');
                return new GraphQlVariable(Name());
            case '"':
                return StringValue();
            case '[':
            {
                Expect('[');
                var items = new List<object?>();
                while (Peek() != ']')
                {
                    items.Add(Value());
                }

                Expect(']');
                return items;
            }

            case '{':
            {
                Expect('{');
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (Peek() != '}')
                {
                    var name = Name();
                    Expect(':');
                    fields[name] = Value();
                }

                Expect('}');
                return fields;
            }
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _pos++;
            }

            var token = _text[start.._pos];
            Skip();
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                ? real
                : throw Error($"Parse error on \"{token}\": not a number");
        }

        var word = Name();
        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ => new GraphQlEnum(word),
        };
    }

    private string StringValue()
    {
        if (string.CompareOrdinal(_text, _pos, "\"\"\"", 0, 3) == 0)
        {
            var end = _text.IndexOf("\"\"\"", _pos + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Error("Parse error: unterminated block string");
            }

            var block = _text[(_pos + 3)..end];
            _pos = end + 3;
            Skip();
            return block.Trim();
        }

        _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("Parse error: unterminated string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escaped = _pos < _text.Length ? _text[_pos++] : '\0';
            switch (escaped)
            {
                case '"' or '\\' or '/':
                    value.Append(escaped);
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'u' when _pos + 4 <= _text.Length
                    && int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error($"Parse error: bad escape \\{escaped}");
            }
        }

        Skip();
        return value.ToString();
    }

    private string Name()
    {
        if (!IsNameStart(Peek()))
        {
            throw Error(_pos < _text.Length ? $"Parse error on \"{_text[_pos]}\": expected a name" : "Parse error: unexpected end of document");
        }

        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        var name = _text[start.._pos];
        Skip();
        return name;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error(_pos < _text.Length ? $"Parse error on \"{_text[_pos]}\": expected \"{c}\"" : $"Parse error: expected \"{c}\" before the end of the document");
        }

        _pos++;
        Skip();
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    /// <summary>Skips white space, commas and comments (insignificant in GraphQL).</summary>
    private void Skip()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (char.IsWhiteSpace(c) || c == ',' || c == '\uFEFF')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private GraphQlSyntaxException Error(string message)
    {
        var (line, column) = Location(_pos);
        return new GraphQlSyntaxException(string.Create(CultureInfo.InvariantCulture, $"{message} at [{line}, {column}]"), line, column);
    }

    private (int Line, int Column) Location(int position)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < position && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
