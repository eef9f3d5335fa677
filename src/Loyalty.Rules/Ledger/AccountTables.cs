using System;
using System.Collections.Generic;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// An account's lists as column tables (format 2): one JSON property per field, holding the values of every row in
/// order, so a list of a thousand purchases names its fields once, not a thousand times. A column is one of:
/// <list type="bullet">
/// <item><b>values</b>: an array with one value per row (ids, points, spend);</item>
/// <item><b>instants</b>: an array with one per row, the first an ISO-8601 string and each next the seconds since
/// the one before it (a number, to the nanosecond; any string starts again from that instant; null for none);</item>
/// <item><b>runs</b>: an array of <c>[value, count]</c> pairs for fields that mostly repeat (a tier, a program
/// version, flags); left out when every row has the field's default;</item>
/// <item><b>fingerprints</b>: one base64 string of 8 bytes per row (or an array of strings when some were written by
/// format 1, whose fingerprints are longer).</item>
/// </list>
/// The reader takes format 1's arrays of objects as well. See docs/ACCOUNT-FORMAT.md.
/// </summary>
internal static class AccountTables
{
    /// <summary>Writes a column with one value per row.</summary>
    public static void Values<T>(Utf8JsonWriter w, string name, ReadOnlySpan<T> rows, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            write(w, row);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes an instant column: the first as ISO-8601, each next as the seconds since the one before it.</summary>
    public static void Instants<T>(Utf8JsonWriter w, string name, ReadOnlySpan<T> rows, Func<T, Instant?> instant)
    {
        w.WriteStartArray(name);
        Instant? previous = null;
        foreach (var row in rows)
        {
            if (instant(row) is not { } at)
            {
                w.WriteNullValue();
                continue;
            }

            var since = previous is { } p ? at - p : Duration.MaxValue;
            if (since >= MaxDelta || since <= -MaxDelta)
            {
                w.WriteStringValue(InstantPattern.ExtendedIso.Format(at));
            }
            else
            {
                long nanoseconds = since.ToInt64Nanoseconds();
                if (nanoseconds % NanosecondsPerSecond == 0)
                {
                    w.WriteNumberValue(nanoseconds / NanosecondsPerSecond);
                }
                else
                {
                    w.WriteNumberValue(nanoseconds / (decimal)NanosecondsPerSecond); // exact: at most 9 decimals
                }
            }

            previous = at;
        }

        w.WriteEndArray();
    }

    /// <summary>Writes a run column (<c>[value, count]</c> pairs), or nothing when every row has the default.</summary>
    public static void Runs<T, TValue>(Utf8JsonWriter w, string name, ReadOnlySpan<T> rows, Func<T, TValue> value, Func<TValue, TValue, bool> same, Func<TValue, bool> isDefault, Action<Utf8JsonWriter, TValue> write)
    {
        int first = 0;
        while (first < rows.Length && isDefault(value(rows[first])))
        {
            first++;
        }

        if (first == rows.Length)
        {
            return;
        }

        w.WriteStartArray(name);
        for (int start = 0; start < rows.Length;)
        {
            var run = value(rows[start]);
            int end = start + 1;
            while (end < rows.Length && same(run, value(rows[end])))
            {
                end++;
            }

            w.WriteStartArray();
            write(w, run);
            w.WriteNumberValue(end - start);
            w.WriteEndArray();
            start = end;
        }

        w.WriteEndArray();
    }

    /// <summary>Writes a fingerprint column: one base64 string when every fingerprint is this version's, else an array of strings.</summary>
    public static void Fingerprints<T>(Utf8JsonWriter w, string name, ReadOnlySpan<T> rows, Func<T, string> fingerprint)
    {
        const int bytes = EventFingerprint.Length / 2;
        var packed = new byte[rows.Length * bytes];
        for (int i = 0; i < rows.Length; i++)
        {
            string f = fingerprint(rows[i]);
            if (f.Length != EventFingerprint.Length || f.AsSpan().ContainsAnyInRange('a', 'z') // only upper-case hex comes back the same
                || Convert.FromHexString(f, packed.AsSpan(i * bytes, bytes), out _, out _) != System.Buffers.OperationStatus.Done)
            {
                Values(w, name, rows, (w, row) => w.WriteStringValue(fingerprint(row)));
                return;
            }
        }

        w.WriteBase64String(name, packed);
    }

    /// <summary>Writes a string, or null.</summary>
    public static readonly Action<Utf8JsonWriter, string?> StringValue = (w, s) =>
    {
        if (s is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStringValue(s);
        }
    };

    /// <summary>Writes a whole number.</summary>
    public static readonly Action<Utf8JsonWriter, long> LongValue = (w, n) => w.WriteNumberValue(n);

    /// <summary>Writes a decimal as it is (its scale kept).</summary>
    public static readonly Action<Utf8JsonWriter, decimal> DecimalValue = (w, d) => w.WriteNumberValue(d);

    /// <summary>Writes a flag.</summary>
    public static readonly Action<Utf8JsonWriter, bool> BoolValue = (w, b) => w.WriteBooleanValue(b);

    /// <summary>Reads a table's columns: a table is an object of columns, each named once.</summary>
    public sealed class Table
    {
        private readonly Dictionary<string, JsonElement> columns = new(StringComparer.Ordinal);

        private readonly string path;

        /// <summary>Reads the table at <paramref name="path"/> (below the account), whose columns are <paramref name="known"/>.</summary>
        public Table(JsonElement table, string path, params ReadOnlySpan<string> known)
        {
            this.path = path;
            if (table.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "must be a table (an object of columns) or an array.");
            }

            foreach (var column in table.EnumerateObject())
            {
                if (known.IndexOf(column.Name) < 0)
                {
                    throw Error($"{path}.{column.Name}", $"is not a column of this table (columns: {string.Join(", ", known.ToArray())}).");
                }

                if (!columns.TryAdd(column.Name, column.Value))
                {
                    throw Error($"{path}.{column.Name}", "is given twice.");
                }
            }
        }

        /// <summary>The number of rows: the length of <paramref name="column"/>, which every table of this kind has (0 when the table is empty).</summary>
        public int Rows(string column)
        {
            if (!columns.TryGetValue(column, out var values))
            {
                return columns.Count == 0 ? 0 : throw Error($"{path}.{column}", "is required.");
            }

            return values.ValueKind == JsonValueKind.Array ? values.GetArrayLength() : throw Error($"{path}.{column}", "must be an array.");
        }

        /// <summary>A column with one value per row.</summary>
        public T[] Values<T>(string name, int rows, Func<JsonElement, T> read)
        {
            var values = new T[rows];
            if (!columns.TryGetValue(name, out var column))
            {
                return rows == 0 ? values : throw Error($"{path}.{name}", "is required.");
            }

            if (column.ValueKind != JsonValueKind.Array || column.GetArrayLength() != rows)
            {
                throw Error($"{path}.{name}", $"must be an array of {rows} values, one per row.");
            }

            int i = 0;
            foreach (var value in column.EnumerateArray())
            {
                values[i] = Value(value, name, i, "", read);
                i++;
            }

            return values;
        }

        /// <summary>An instant column (see <see cref="AccountTables"/>).</summary>
        public Instant?[] Instants(string name, int rows, bool required)
        {
            var instants = new Instant?[rows];
            if (!columns.TryGetValue(name, out var column))
            {
                return rows == 0 || !required ? instants : throw Error($"{path}.{name}", "is required.");
            }

            if (column.ValueKind != JsonValueKind.Array || column.GetArrayLength() != rows)
            {
                throw Error($"{path}.{name}", $"must be an array of {rows} instants, one per row.");
            }

            Instant? previous = null;
            int i = 0;
            foreach (var value in column.EnumerateArray())
            {
                instants[i] = value.ValueKind switch
                {
                    JsonValueKind.Null when !required => null,
                    JsonValueKind.String => InstantPattern.ExtendedIso.Parse(value.GetString()!) is { Success: true } parsed ? parsed.Value : throw Error(At(name, i), $"'{value.GetString()}' is not an ISO-8601 instant."),
                    JsonValueKind.Number when previous is { } p => p + Seconds(value, name, i),
                    JsonValueKind.Number => throw Error(At(name, i), "must be an ISO-8601 instant: no instant comes before it to count seconds from."),
                    _ => throw Error(At(name, i), required ? "must be an instant." : "must be an instant or null."),
                };
                previous = instants[i] ?? previous;
                i++;
            }

            return instants;
        }

        /// <summary>A run column: <paramref name="default"/> for every row when it is left out.</summary>
        public T[] Runs<T>(string name, int rows, T @default, Func<JsonElement, T> read)
        {
            var values = new T[rows];
            if (!columns.TryGetValue(name, out var column))
            {
                Array.Fill(values, @default);
                return values;
            }

            if (column.ValueKind != JsonValueKind.Array)
            {
                throw Error($"{path}.{name}", "must be an array of [value, count] runs.");
            }

            int filled = 0, r = 0;
            foreach (var run in column.EnumerateArray())
            {
                if (run.ValueKind != JsonValueKind.Array || run.GetArrayLength() != 2 || !run[1].TryGetInt32(out int count) || count <= 0)
                {
                    throw Error(At(name, r), "must be a [value, count] run with a positive count.");
                }

                if (count > rows - filled)
                {
                    throw Error(At(name, r), $"runs past the table's {rows} rows.");
                }

                values.AsSpan(filled, count).Fill(Value(run[0], name, r, "[0]", read));
                filled += count;
                r++;
            }

            return filled == rows ? values : throw Error($"{path}.{name}", $"runs cover {filled} rows, not the table's {rows}.");
        }

        /// <summary>A fingerprint column (see <see cref="AccountTables"/>).</summary>
        public string[] Fingerprints(string name, int rows)
        {
            if (columns.TryGetValue(name, out var column) && column.ValueKind == JsonValueKind.String)
            {
                const int bytes = EventFingerprint.Length / 2;
                if (!column.TryGetBytesFromBase64(out var packed) || packed.Length != rows * bytes)
                {
                    throw Error($"{path}.{name}", $"must be base64 of {rows} fingerprints of {bytes} bytes each.");
                }

                var fingerprints = new string[rows];
                for (int i = 0; i < rows; i++)
                {
                    fingerprints[i] = Convert.ToHexString(packed, i * bytes, bytes);
                }

                return fingerprints;
            }

            return Values(name, rows, e => e.GetString() ?? throw new FormatException("must be a string."));
        }

        /// <summary>The path of a cell, made only for an error.</summary>
        private string At(string name, int index, string suffix = "") => $"{path}.{name}[{index}]{suffix}";

        private T Value<T>(JsonElement value, string name, int index, string suffix, Func<JsonElement, T> read)
        {
            try
            {
                return read(value);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or OverflowException)
            {
                throw Error(At(name, index, suffix), e.Message.StartsWith("must", StringComparison.Ordinal) ? e.Message : $"is not a valid value here: {e.Message}");
            }
        }

        private Duration Seconds(JsonElement value, string name, int index)
        {
            if (value.TryGetInt64(out long seconds) && Math.Abs(seconds) < MaxDelta.TotalSeconds)
            {
                return Duration.FromSeconds(seconds);
            }

            decimal nanoseconds = value.TryGetDecimal(out decimal s) && Math.Abs(s) < (decimal)MaxDelta.TotalSeconds ? s * NanosecondsPerSecond : throw Error(At(name, index), "must be seconds since the instant before it, under 100 years.");
            return nanoseconds == decimal.Truncate(nanoseconds) ? Duration.FromNanoseconds((long)nanoseconds) : throw Error(At(name, index), "must be seconds to the nanosecond, no finer.");
        }
    }

    /// <summary>A message naming the JSON path below the account and the reason, as <see cref="MemberAccount.FromJson"/> reports.</summary>
    public static JsonException Error(string path, string reason) => new($"$.{path}: {reason}");

    /// <summary>A string value (or null, where the column allows it).</summary>
    public static string? NullableString(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();

    /// <summary>A string value, required.</summary>
    public static string RequiredString(JsonElement e) => e.GetString() ?? throw new FormatException("must be a string.");

    private const long NanosecondsPerSecond = 1_000_000_000;

    private static readonly Duration MaxDelta = Duration.FromDays(36_500); // nanoseconds of a delta fit in a long
}
