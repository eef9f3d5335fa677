using System;
using Loyalty.Rules.Tool;
using Spectre.Console;

return LoyaltyCommand.Run(args, AnsiConsole.Console, Environment.CurrentDirectory);
