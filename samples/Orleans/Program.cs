using System;
using System.IO;
using Loyalty.Rules;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Samples.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

// One silo on localhost with memory storage: a member grain per member, the program from the library's DI package.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLoyaltyRules(rules => rules.AddProgram("coffee", () => LoyaltyProgram.FromJson(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json")))));
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMemoryGrainStorage(MemberGrain.Storage));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<Orleans.IGrainFactory>();
var at = new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);
var result = await grains.GetGrain<IMemberGrain>("ana").Purchase(new PurchaseRequest("T-1", at, "store", [new PurchaseLine("LATTE", "coffee", 2, 4.75m)]));
Console.WriteLine($"ana: {result.Status}, {result.Points} points, balance {result.Balance}");
await host.StopAsync();
