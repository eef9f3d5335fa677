using System;
using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>
/// What makes one earn policy kind known to the JSON format: its name, its record type, how it is read (with paths,
/// tolerant of problems) and written (canonically), and its fragment of the schema. Each kind's codec lives in the
/// kind's own folder beside its policy and its compiled step; <see cref="EarnKinds"/> lists them, one line each.
/// </summary>
internal abstract class EarnKind
{
    private protected EarnKind(string name, Type policyType, string description, string schema)
    {
        Name = name;
        PolicyType = policyType;
        Description = description;
        Schema = schema;
    }

    /// <summary>The value of <c>"kind"</c> in the format (e.g. <c>"spendThresholdBonus"</c>).</summary>
    public string Name { get; }

    /// <summary>The public record the kind reads into.</summary>
    public Type PolicyType { get; }

    /// <summary>What the kind does, for the schema.</summary>
    public string Description { get; }

    /// <summary>
    /// The kind's own part of the schema, as JSON: <c>{ "properties": { ... }, "required": [ ... ] }</c>, properties in
    /// the order the writer writes them. The properties every kind shares (kind, id, when, ...) are added by the schema.
    /// </summary>
    public string Schema { get; }

    /// <summary>Reads the kind's own properties; the shared ones (description, when, priority, ...) are set by the caller.</summary>
    public abstract EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id);

    /// <summary>Writes the kind's own properties, in the order of <see cref="Schema"/>.</summary>
    public abstract void Write(Utf8JsonWriter w, EarnPolicy policy);
}

/// <summary>An <see cref="EarnKind"/> of one record type.</summary>
/// <typeparam name="TPolicy">The policy record.</typeparam>
internal abstract class EarnKind<TPolicy> : EarnKind
    where TPolicy : EarnPolicy
{
    private protected EarnKind(string name, string description, string schema)
        : base(name, typeof(TPolicy), description, schema)
    {
    }

    public sealed override void Write(Utf8JsonWriter w, EarnPolicy policy) => Write(w, (TPolicy)policy);

    protected abstract void Write(Utf8JsonWriter w, TPolicy policy);
}

/// <summary>What a codec may ask of the reader while it reads: nested earn rules and nested objects, with their paths.</summary>
/// <param name="Reader">The reader of the whole program (problems are collected there).</param>
internal readonly record struct EarnReading(ProgramJsonReader Reader)
{
    /// <summary>Reads a nested earn rule (a group's member).</summary>
    public EarnPolicy Earn(JsonElement element, string path) => Reader.Earn(element, path);

    /// <summary>Reads a nested object, or null (reported) when it is not one.</summary>
    public JsonObjectReader? Object(JsonElement element, string path, string what) => Reader.Obj(element, path, what);
}
