using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of transfers ("transfers"), households ("households") and merges ("merges").
internal sealed partial class ProgramJsonReader
{
    private static void Transfers(JsonObjectReader o, LoyaltyProgramBuilder builder)
    {
        if (o.Object("transfers", "a transfer policy") is { } t)
        {
            var defaults = new TransferPolicy();
            builder.WithTransfers(new TransferPolicy
            {
                Minimum = t.Long("minimum") ?? defaults.Minimum,
                MaximumPerPeriod = t.Long("maximumPerPeriod") is { } max ? max : null,
                Period = t.Enum<CalendarPeriod>("period") ?? defaults.Period,
                FeeRate = t.Decimal("feeRate") ?? 0m,
                HouseholdOnly = t.Bool("householdOnly") ?? false,
                Expiry = t.Enum<TransferExpiry>("expiry") ?? defaults.Expiry,
            });
            t.Done();
        }

        if (o.Object("households", "a household policy") is { } h)
        {
            builder.WithHouseholds(new HouseholdPolicy
            {
                MaxMembers = h.Int("maxMembers") ?? new HouseholdPolicy().MaxMembers,
                ContributionShare = h.Decimal("contributionShare") ?? 0m,
                QualifiesHousehold = h.Bool("qualifiesHousehold") ?? false,
            });
            h.Done();
        }

        if (o.Object("merges", "a merge policy") is { } m)
        {
            builder.WithMerges(new MergePolicy { Tier = m.Enum<MergeTier>("tier") ?? MergePolicy.Default.Tier });
            m.Done();
        }
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Transfers(Utf8JsonWriter w, LoyaltyProgram program)
    {
        if (program.Transfers is { } t)
        {
            w.WriteStartObject("transfers");
            w.WriteNumber("minimum", t.Minimum.Value);
            if (t.MaximumPerPeriod is { } max)
            {
                w.WriteNumber("maximumPerPeriod", max.Value);
            }

            w.WriteString("period", ProgramJson.Name(t.Period));
            w.WriteNumber("feeRate", t.FeeRate);
            w.WriteBoolean("householdOnly", t.HouseholdOnly);
            w.WriteString("expiry", ProgramJson.Name(t.Expiry));
            w.WriteEndObject();
        }

        if (program.Households is { } h)
        {
            w.WriteStartObject("households");
            w.WriteNumber("maxMembers", h.MaxMembers);
            w.WriteNumber("contributionShare", h.ContributionShare);
            w.WriteBoolean("qualifiesHousehold", h.QualifiesHousehold);
            w.WriteEndObject();
        }

        if (program.Merges != MergePolicy.Default)
        {
            w.WriteStartObject("merges");
            w.WriteString("tier", ProgramJson.Name(program.Merges.Tier));
            w.WriteEndObject();
        }
    }
}
