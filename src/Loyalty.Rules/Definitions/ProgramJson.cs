using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>The names of the JSON program format: its version, its kinds, and enum values in camelCase.</summary>
internal static class ProgramJson
{
    /// <summary>The format version this library reads and writes.</summary>
    public const int SchemaVersion = 1;

    public static readonly FrozenDictionary<string, Type> FraudKinds = new Dictionary<string, Type>
    {
        ["pointsCeiling"] = typeof(PointsCeiling),
        ["spendCeiling"] = typeof(SpendCeiling),
        ["velocity"] = typeof(Velocity),
        ["redemptionVelocity"] = typeof(RedemptionVelocity),
        ["newMemberEarning"] = typeof(NewMemberEarning),
        ["duplicateTransaction"] = typeof(DuplicateTransaction),
        ["selfReferral"] = typeof(SelfReferral),
        ["referralFingerprintVelocity"] = typeof(ReferralFingerprintVelocity),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string KindOf(FraudCheck check) => FraudKinds.First(k => k.Value == check.GetType()).Key;

    /// <summary>An enum value as the format writes it: camelCase ("calendarYear").</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => Camel(value.ToString());

    /// <summary>A name in camelCase.</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Every value of an enum as the format writes it.</summary>
    public static IEnumerable<string> Names<TEnum>()
        where TEnum : struct, Enum
        => Enum.GetValues<TEnum>().Select(Name);
}
