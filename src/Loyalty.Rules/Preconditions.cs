using System;
using System.Diagnostics.CodeAnalysis;

namespace Loyalty.Rules;

/// <summary>
/// One place for argument checks, so every message has the same shape: "field: reason". The exceptions are the
/// runtime's types (a host catches <see cref="ArgumentException"/> and reads <see cref="ArgumentException.ParamName"/>),
/// but their message is ours alone: without the runtime's " (Parameter 'field')" suffix, which would repeat the field.
/// </summary>
internal static class Preconditions
{
    public static T NotNull<T>([NotNull] T? value, string field)
        where T : class
        => value ?? throw Missing(field);

    /// <summary>A required argument is null: "field: is required." (or the reason given).</summary>
    public static ArgumentNullException Missing(string field, string? reason = null) => new MissingArgument(field, $"{field}: {reason ?? "is required."}");

    public static string NotBlank([NotNull] string? value, string field)
    {
        if (value is null)
        {
            throw Missing(field);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(field, "must not be empty or white space.");
        }

        return value;
    }

    /// <summary>The longest id (member, transaction, event, sku, category, referral, rule, segment), in UTF-16 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>
    /// An id: not blank, at most <see cref="MaxIdLength"/> characters, no control characters (line breaks, tabs, NUL).
    /// Ids are stored in every account and ledger entry, so they stay short and printable.
    /// </summary>
    public static string Id([NotNull] string? value, string field)
    {
        NotBlank(value, field);
        return IdProblem(value) is { } problem ? throw Invalid(field, problem) : value;
    }

    /// <summary>Why a non-blank id breaks the id rule, or null.</summary>
    public static string? IdProblem(string value)
    {
        if (value.Length > MaxIdLength)
        {
            return $"must be at most {MaxIdLength} characters, was {value.Length}.";
        }

        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return $"must not hold control characters (U+{(int)c:X4}).";
            }
        }

        return null;
    }

    public static ArgumentException Invalid(string field, string reason) => new InvalidArgument(field, $"{field}: {reason}");

    public static ArgumentOutOfRangeException OutOfRange(string field, object? actual, string reason)
        => new ArgumentOutOfRange(field, actual, $"{field}: {reason}");

    private sealed class MissingArgument : ArgumentNullException
    {
        private readonly string text;

        public MissingArgument(string field, string message)
            : base(field, message) => text = message;

        public override string Message => text;
    }

    private sealed class InvalidArgument : ArgumentException
    {
        private readonly string text;

        public InvalidArgument(string field, string message)
            : base(message, field) => text = message;

        public override string Message => text;
    }

    private sealed class ArgumentOutOfRange : ArgumentOutOfRangeException
    {
        private readonly string text;

        public ArgumentOutOfRange(string field, object? actual, string message)
            : base(field, actual, message) => text = message;

        public override string Message => text;
    }
}
