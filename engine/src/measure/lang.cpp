// The table of strings for English and Dutch (stroom/lang.hpp). Dutch uses the terms of Dutch
// crowd-safety practice: ontruiming(stijd), uitgang, doorstroming, bezetting, dichtheid in
// personen per m² (P/m²), reactietijd for premovement.
#include "stroom/lang.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "measure/text.hpp"

namespace stroom {

namespace {

// clang-format off
constexpr Translation kTable[] = {
    // Places and elements
    {"({0}, {1})", "({0}; {1})"},
    {"open", "open"},
    {"closed from 0 s", "gesloten vanaf 0 s"},
    {", opened at {0} s", ", geopend op {0} s"},
    {", closed at {0} s", ", gesloten op {0} s"},
    {"exit {0}", "uitgang {0}"},
    {"Venue map", "Plattegrond"},
    {"zone {0}", "zone {0}"},
    {"line {0}", "meetlijn {0}"},
    {"door {0}", "deur {0}"},
    {"closed", "gesloten"},
    {"checkpoint {0}", "controlepunt {0}"},
    {"{0} lanes", "{0} stroken"},
    // Map legends
    {"empty", "leeg"},
    {"never above", "nooit erboven"},
    {"no pressure", "geen druk"},
    {"not measured (< 25 % walkable)", "niet gemeten (< 25 % beloopbaar)"},
    {"Each coloured square shows the highest value of the {0} × {0} cells ({1} m × {1} m) it covers, so that no place above a limit is lost at this scale.",
     "Elk gekleurd vierkant toont de hoogste waarde van de {0} × {0} cellen ({1} m × {1} m) die het bedekt, zodat geen plek boven een grenswaarde op deze schaal verloren gaat."},
    {"Inset: {0} m × {1} m around {2}, every {3} m cell drawn",
     "Uitsnede: {0} m × {1} m rond {2}, elke cel van {3} m getekend"},
    {"inset", "uitsnede"},
    {"> 3.3 m²/P (< 0.30 P/m²)", "> 3,3 m²/P (< 0,30 P/m²)"},
    {"2.3–3.3 m²/P (0.30–0.43 P/m²)", "2,3–3,3 m²/P (0,30–0,43 P/m²)"},
    {"1.4–2.3 m²/P (0.43–0.71 P/m²)", "1,4–2,3 m²/P (0,43–0,71 P/m²)"},
    {"0.9–1.4 m²/P (0.71–1.11 P/m²)", "0,9–1,4 m²/P (0,71–1,11 P/m²)"},
    {"0.5–0.9 m²/P (1.11–2.0 P/m²)", "0,5–0,9 m²/P (1,11–2,0 P/m²)"},
    {"< 0.5 m²/P (> 2.0 P/m²)", "< 0,5 m²/P (> 2,0 P/m²)"},
    // Tables
    {"persons", "personen"},
    {"The scenario defines no criteria.", "Het scenario stelt geen criteria."},
    {"not determined", "niet bepaald"},
    {"PASS", "VOLDOET"},
    {"FAIL", "VOLDOET NIET"},
    {"No person-time was measured on the density grid.", "Op het dichtheidsraster is geen persoonstijd gemeten."},
    {"{0} person-s", "{0} persoon-s"},
    {"Exits", "Uitgangen"},
    {"Measurement lines", "Meetlijnen"},
    {"Zones", "Zones"},
    {"still occupied", "nog bezet"},
    {"limit of max_density", "grenswaarde van max_density"},
    {"limit of zone {0}", "grenswaarde van zone {0}"},
    {"limit of zones {0}", "grenswaarde van de zones {0}"},
    {"Criterion", "Criterium"},
    {"Limit", "Grenswaarde"},
    {"Value", "Waarde"},
    {"Result", "Uitkomst"},
    {"Note", "Toelichting"},
    {"Level", "Niveau"},
    {"Space per person", "Ruimte per persoon"},
    {"Person-time", "Persoonstijd"},
    {"Share", "Aandeel"},
    {"Exit", "Uitgang"},
    {"Width", "Breedte"},
    {"First", "Eerste"},
    {"Last", "Laatste"},
    {"Peak flow", "Piekdoorstroming"},
    {"Peak specific flow", "Piek specifieke doorstroming"},
    {"Flow limit", "Doorstroomgrens"},
    {"Line", "Meetlijn"},
    {"Forward", "Vooruit"},
    {"Backward", "Achteruit"},
    {"Zone", "Zone"},
    {"Area", "Oppervlakte"},
    {"Peak occupancy", "Piekbezetting"},
    {"Capacity", "Capaciteit"},
    {"Peak density", "Piekdichtheid"},
    {"Clear at", "Leeg op"},
    {"Density above", "Dichtheid boven"},
    {"Area ever above it", "Oppervlakte ooit erboven"},
    {"Longest time one place stayed above it", "Langste tijd dat één plek erboven bleef"},
    {"Area × time above it", "Oppervlakte × tijd erboven"},
    {"Population", "Populatie"},
    {"Desired walking speed", "Gewenste loopsnelheid"},
    {"Body radius", "Lichaamsstraal"},
    {"Journey and route choice", "Route en routekeuze"},
    {"Time", "Tijd"},
    {"Event", "Gebeurtenis"},
    {"Details", "Toelichting"},
    {"Flow", "Doorstroming"},
    {"Source", "Bron"},
    {"State", "Toestand"},
    // Plots
    {"alarm", "alarm"},
    {"close {0}", "sluit {0}"},
    {"open {0}", "open {0}"},
    {"limit all_out_by", "grens all_out_by"},
    {"limit max_evacuation_time", "grens max_evacuation_time"},
    {"limit max_exit_flow", "grens max_exit_flow"},
    {"Persons inside the venue", "Personen op het terrein"},
    {"simulated time (s)", "gesimuleerde tijd (s)"},
    {"cap of exit {0}", "begrenzing uitgang {0}"},
    {"Flow per exit (1 s bins)", "Doorstroming per uitgang (per 1 s)"},
    {"flow (persons/s)", "doorstroming (personen/s)"},
    {"Queue per checkpoint (waiting or in service)", "Wachtrij per controlepunt (wachtend of in behandeling)"},
    {"capacity {0}", "capaciteit {0}"},
    {"limit {0}", "grens {0}"},
    {"Zone occupancy", "Bezetting per zone"},
    {"Zone density (window average)", "Dichtheid per zone (venstergemiddelde)"},
    {"density (P/m²)", "dichtheid (P/m²)"},
    {"Travel time per person (entry to exit)", "Reistijd per persoon (binnenkomst tot uitgang)"},
    {"travel time (s)", "reistijd (s)"},
    {"Exit times after the alarm", "Uitlooptijden na het alarm"},
    {"time since the alarm (s)", "tijd sinds het alarm (s)"},
    // Assumptions
    {"{0} {1} (everyone)", "{0} {1} (iedereen)"},
    {"normal, mean {0} {2}, sd {1} {2}", "normaal, gemiddeld {0} {2}, sd {1} {2}"},
    {", within {0}–{1} {2}", ", begrensd op {0}–{1} {2}"},
    {"uniform {0}–{1} {2}", "uniform {0}–{1} {2}"},
    {"lognormal, mean {0} {2}, sd {1} {2}", "lognormaal, gemiddeld {0} {2}, sd {1} {2}"},
    {"exponential, mean {0} {1}", "exponentieel, gemiddeld {0} {1}"},
    {"quickest (walking distance plus the expected wait in the congestion ahead)",
     "snelste (loopafstand plus de verwachte wachttijd in de drukte verderop)"},
    {"nearest (shortest walking distance)", "dichtstbijzijnde (kortste loopafstand)"},
    {"a polygon of the scenario", "een polygoon uit het scenario"},
    {"to the nearest exit", "naar de dichtstbijzijnde uitgang"},
    {"; then ", "; daarna "},
    {"to {0}", "naar {0}"},
    {", staying {0}", ", verblijf {0}"},
    {"leave by the quickest exit", "vertrek via de snelste uitgang"},
    {"leave by the nearest exit", "vertrek via de dichtstbijzijnde uitgang"},
    {" of {0}", " uit {0}"},
    {"{0} placed at t = 0 in {1}", "{0} geplaatst op t = 0 in {1}"},
    {"{0} P/s at {1} s", "{0} P/s op {1} s"},
    {"arriving in {0} at {1} (linear in between, none after the last)",
     "aankomend in {0} met {1} (lineair daartussen, niets na het laatste punt)"},
    {", at most {0} persons", ", ten hoogste {0} personen"},
    {"passes all 35 tests of the verification suite of Stroom {0} (RiMEA, NIST TN 1822 / ISO 20414, Weidmann's fundamental diagram, bottleneck experiments; `stroom verify`, docs/validation.md)",
     "slaagt voor alle 35 tests van de verificatieset van Stroom {0} (RiMEA, NIST TN 1822 / ISO 20414, fundamenteel diagram van Weidmann, flessenhalsexperimenten; `stroom verify`, docs/validation.md)"},
    {"fails 10 tests of the verification suite of Stroom {0} (bottleneck flows outside the experimental band, premovement drift; docs/validation.md): for comparison only",
     "zakt voor 10 tests van de verificatieset van Stroom {0} (doorstroming door flessenhalzen buiten de experimentele band, verloop van de reactietijd; docs/validation.md): alleen ter vergelijking"},
    {"Assumptions", "Uitgangspunten"},
    {"Every figure of this report follows from the assumptions below. A reviewer who accepts the figures accepts these.",
     "Elk getal in dit rapport volgt uit de uitgangspunten hieronder. Wie de getallen aanvaardt, aanvaardt ook deze."},
    {"Populations", "Populaties"},
    {"Premovement (after the alarm)", "Reactietijd (na het alarm)"},
    {"{0}, drawn per person", "{0}, per persoon getrokken"},
    {"every open exit", "elke open uitgang"},
    {"Route choice in the evacuation", "Routekeuze bij de ontruiming"},
    {"{0}; exits: {1}", "{0}; uitgangen: {1}"},
    {"Premovement", "Reactietijd"},
    {"no alarm: persons follow their journeys from the start", "geen alarm: personen volgen hun route vanaf het begin"},
    {"Route choice on the journeys", "Routekeuze op de routes"},
    {"as listed per population; nearest: shortest walking distance; quickest: walking distance plus the expected wait in the congestion ahead",
     "zoals per populatie vermeld; dichtstbijzijnde: kortste loopafstand; snelste: loopafstand plus de verwachte wachttijd in de drukte verderop"},
    {"Events", "Gebeurtenissen"},
    {"None: every exit, door and checkpoint stays as the venue defines it.",
     "Geen: elke uitgang, deur en elk controlepunt blijft zoals de locatie ze beschrijft."},
    {"everyone starts to leave after a premovement of {0}", "iedereen vertrekt na een reactietijd van {0}"},
    {"closed from then on", "vanaf dan gesloten"},
    {"open from then on", "vanaf dan open"},
    {"Exit flow model", "Doorstroommodel per uitgang"},
    {"capped at {0} P/(m·s) = {1} P/s", "begrensd op {0} P/(m·s) = {1} P/s"},
    {"free (not capped)", "vrij (niet begrensd)"},
    {"Free: the walking model alone sets the flow through the exit; uncapped exits pass about 2 P/(m·s) in the model, above the design figures of most norms (about 1.3 P/(m·s)). Capped: at most the stated flow crosses (`max_flow`, docs/scenario-format.md).",
     "Vrij: alleen het loopmodel bepaalt de doorstroming door de uitgang; onbegrensde uitgangen laten in het model ongeveer 2 P/(m·s) door, meer dan de ontwerpwaarden van de meeste normen (ongeveer 1,3 P/(m·s)). Begrensd: hooguit de vermelde doorstroming gaat erdoor (`max_flow`, docs/scenario-format.md)."},
    {"max_flow in {0}", "max_flow in {0}"},
    {"Model and run", "Model en berekening"},
    {" (Tordeux, Chraibi & Seyfried 2016), time gap T = {0} s", " (Tordeux, Chraibi & Seyfried 2016), volgtijd T = {0} s"},
    {"Operational model", "Loopmodel"},
    {"Validation status", "Validatiestatus"},
    {"Seed", "Seed (startwaarde)"},
    {"{0} (one run; a batch over seeds gives the spread)", "{0} (één berekening; een reeks over seeds geeft de spreiding)"},
    {"Time step", "Tijdstap"},
    {"SHA-256 of {0}", "SHA-256 van {0}"},
    {"Scenario file", "Scenariobestand"},
    {"Changed on the command line (--set)", "Gewijzigd op de opdrachtregel (--set)"},
    {"Stroom version", "Versie van Stroom"},
    {"Run date", "Datum van de berekening"},
    {"not stated", "niet vermeld"},
    // Page
    {"Stroom crowd-flow report", "Stroom-rapport personenstromen"},
    {"page", "pagina"},
    {"of", "van"},
    {"Stroom report: {0}", "Stroom-rapport: {0}"},
    {"seed {0}", "seed {0}"},
    {"No criteria defined", "Geen criteria gesteld"},
    {"PASS: every criterion is met", "VOLDOET: aan elk criterium is voldaan"},
    {"FAIL: at least one criterion is not met", "VOLDOET NIET: aan minstens één criterium is niet voldaan"},
    {"run did not complete", "berekening niet voltooid"},
    {"persons entered", "personen binnengekomen"},
    {"evacuation time (from the alarm)", "ontruimingstijd (vanaf het alarm)"},
    {"evacuation time (from t = 0)", "ontruimingstijd (vanaf t = 0)"},
    {"peak density (grid, {0} s average)", "piekdichtheid (raster, gemiddeld over {0} s)"},
    {"travel time, 95th percentile", "reistijd, 95e percentiel"},
    {"Criteria", "Criteria"},
    {"Results", "Resultaten"},
    {"Duration (limit)", "Duur (grens)"},
    {"Simulated time", "Gesimuleerde tijd"},
    {"interrupted, results are partial", "onderbroken, resultaten zijn onvolledig"},
    {"Persons", "Personen"},
    {"{0} entered, {1} left through an exit, {2} still inside, {3} never entered",
     "{0} binnengekomen, {1} via een uitgang vertrokken, {2} nog binnen, {3} nooit binnengekomen"},
    {"Alarm", "Alarm"},
    {"none", "geen"},
    {"Last exit", "Laatste vertrek"},
    {"Travel time (mean / P50 / P95 / max)", "Reistijd (gemiddeld / P50 / P95 / max)"},
    {"Density grid", "Dichtheidsraster"},
    {"{0} m cells, averaged over {1} s, sampled every {2} s", "cellen van {0} m, gemiddeld over {1} s, elke {2} s bemonsterd"},
    {"Venue", "Locatie"},
    {"Where it gets crowded", "Waar het druk wordt"},
    {"Classes end at 1, 2, 4, 5 and 6 P/m² and at every density limit of the scenario, so that each limit is a colour boundary.",
     "Klassen eindigen bij 1, 2, 4, 5 en 6 P/m² en bij elke dichtheidsgrens van het scenario, zodat elke grens een kleurgrens is."},
    {"Classes: Fruin's walkway levels of service A–F (1971).", "Klassen: de serviceniveaus A–F van Fruin voor looproutes (1971)."},
    {"Classes: Fruin's queuing levels of service A–F (1971).", "Klassen: de serviceniveaus A–F van Fruin voor wachtrijen (1971)."},
    {"Densities are persons per walkable m² in {0} m cells, averaged over {1} s; maps are not smoothed further in space, so that no cell above a limit is averaged away.",
     "Dichtheden zijn personen per beloopbare m² in cellen van {0} m, gemiddeld over {1} s; de kaarten zijn niet verder ruimtelijk gladgestreken, zodat geen cel boven een grens wordt weggemiddeld."},
    {"Highest density per cell over the run", "Hoogste dichtheid per cel tijdens de berekening"},
    {"(peak {0} P/m² at t = {1} s, circled)", "(piek {0} P/m² op t = {1} s, omcirkeld)"},
    {"Density at the peak (t = {0} s, exits in their state at that moment)", "Dichtheid op het piekmoment (t = {0} s, uitgangen in hun toestand op dat moment)"},
    {"Density at the peak", "Dichtheid op het piekmoment"},
    {"Time above the thresholds", "Tijd boven de drempels"},
    {"Seconds each place spent above {0} P/m²", "Seconden per plek boven {0} P/m²"},
    {"No place was above {0} P/m² at any sample.", "Geen enkele plek kwam boven {0} P/m²."},
    {"Seconds each place spent above {0} P/m² (circled: the place with the most, {1} s in all)", "Seconden per plek boven {0} P/m² (omcirkeld: de plek met de meeste, {1} s in totaal)"},
    {"Seconds above {0} P/m²", "Seconden boven {0} P/m²"},
    {"Crowd pressure (Helbing, Johansson & Al-Abideen 2007)", "Crowd pressure, mensenmassadruk (Helbing, Johansson & Al-Abideen 2007)"},
    {"Crowd pressure P = ρ · Var(v): the density of the 3 × 3 cell block ({0} m × {0} m) around each cell times the variance of the block's mean velocity, both over {1} s, where the block holds at least 2 P/m². Helbing et al. measured it on video of the Mina crowd of 2006 and saw crowd turbulence above {2} 1/s². The simulated walkers of a dense queue move in short stop-and-go steps, which raises the figure too: compare places with each other and with the density maps rather than reading the level alone as turbulence.",
     "Druk P = ρ · Var(v): de dichtheid van het blok van 3 × 3 cellen ({0} m × {0} m) rond elke cel maal de variantie van de gemiddelde snelheid in dat blok, beide over {1} s, waar het blok minstens 2 P/m² telt. Helbing e.a. maten haar op video van de menigte in Mina in 2006 en zagen turbulentie in de menigte boven {2} 1/s². De gesimuleerde personen in een dichte wachtrij bewegen in korte stop-en-go-stapjes, wat het getal ook verhoogt: vergelijk plekken met elkaar en met de dichtheidskaarten in plaats van het niveau alleen als turbulentie te lezen."},
    {"Peak {0} 1/s² at t = {1} s at {2} (circled); {3} m² were above {4} 1/s² at some time.",
     "Piek {0} 1/s² op t = {1} s bij {2} (omcirkeld); {3} m² kwam ooit boven {4} 1/s²."},
    {"No pressure could be measured.", "Er kon geen druk worden gemeten."},
    {"Highest crowd pressure per cell", "Hoogste druk per cel"},
    {"Share of person-time per level of service (Fruin, walkways)", "Aandeel persoonstijd per serviceniveau (Fruin, looproutes)"},
    {"Flows and occupancy", "Doorstroming en bezetting"},
    {"Over time", "In de tijd"},
    {"Dotted grey lines: the alarm and the events of the scenario; dashed red lines: criterion limits and exit caps.",
     "Gestippelde grijze lijnen: het alarm en de gebeurtenissen van het scenario; gestreepte rode lijnen: grenswaarden van criteria en begrenzingen van uitgangen."},
    {"Densities: persons per walkable m² in grid cells, averaged over the moving window; flows: persons per second through the whole exit or line over the window; travel time: from entering the simulation to leaving through an exit. Levels of service after Fruin (1971), walkway bands. Generated by Stroom {0}.",
     "Dichtheden: personen per beloopbare m² in rastercellen, gemiddeld over het schuivende venster; doorstroming: personen per seconde door de hele uitgang of meetlijn over het venster; reistijd: van binnenkomst in de simulatie tot vertrek via een uitgang. Serviceniveaus naar Fruin (1971), looproutes. Gemaakt met Stroom {0}."},
    {"Reviewer's remarks", "Opmerkingen van de beoordelaar"},
    {"Name", "Naam"},
    {"Date", "Datum"},
    {"Signature", "Handtekening"},
    // Hand calculation beside the simulation (summary.json capacity)
    {"Hand calculation beside the simulation", "Handberekening naast de simulatie"},
    {"Exit norm", "Norm voor uitgangen"},
    {"Setting", "Situatie"},
    {"Specific flow", "Specifieke doorstroming"},
    {"Exit width used", "Gebruikte uitgangsbreedte"},
    {"Flow time", "Doorstroomtijd"},
    {"Walking distance / walking time", "Loopafstand / looptijd"},
    {"Egress time, hand calculation", "Ontruimingstijd, handberekening"},
    {"Evacuation time, simulated", "Ontruimingstijd, gesimuleerd"},
    {"Difference (simulated − hand)", "Verschil (gesimuleerd − hand)"},
    {"Egress limit", "Grens ontruimingstijd"},
    {"The hand calculation (stroom capacity, docs/capacity.md) divides the persons by the exit width times the norm's specific flow and adds the walking time; the simulation adds queues, route choice, premovement and events.",
     "De handberekening (stroom capacity, docs/capacity.md) deelt het aantal personen door de uitgangsbreedte maal de specifieke doorstroming van de norm en telt de looptijd op; de simulatie voegt wachtrijen, routekeuze, reactietijd en gebeurtenissen toe."},
    {"hand calculation", "handberekening"},
    // Console summary of `stroom run`
    {"interrupted", "onderbroken"},
    {"completed", "voltooid"},
    {"stopped", "gestopt"},
    {"{0}: {1} at {2} s simulated ({3} s wall, {4} agent-steps/s, {5} threads)",
     "{0}: {1} op {2} s gesimuleerd ({3} s rekentijd, {4} persoonstappen/s, {5} threads)"},
    {"persons: {0} entered, {1} exited, {2} inside, {3} not entered",
     "personen: {0} binnengekomen, {1} vertrokken, {2} binnen, {3} niet binnengekomen"},
    {"evacuation time: {0}; last exit: {1}; travel time p95: {2}",
     "ontruimingstijd: {0}; laatste vertrek: {1}; reistijd p95: {2}"},
    {"peak density: {0} P/m² at {1}", "piekdichtheid: {0} P/m² op {1}"},
    {"peak crowd pressure: {0} 1/s² at {1}", "piekdruk in de menigte: {0} 1/s² op {1}"},
    {"results: {0}", "resultaten: {0}"},
    // Criterion notes (measurement)
    {"1 person still inside at t = {0} s", "1 persoon nog binnen op t = {0} s"},
    {"{0} persons still inside at t = {1} s", "{0} personen nog binnen op t = {1} s"},
    {"nobody entered the venue, so there was no evacuation to time", "niemand kwam binnen, dus er was geen ontruiming om te timen"},
    {"nobody left through an exit", "niemand vertrok via een uitgang"},
    {"the last person left {0} s after the limit", "de laatste persoon vertrok {0} s na de grens"},
    {"no density sample was taken", "er is geen dichtheid bemonsterd"},
    {"peak {0} P/m² at t = {1} s in the cell centred at {2}", "piek {0} P/m² op t = {1} s in de cel met middelpunt {2}"},
    {"the last person left at t = {0} s", "de laatste persoon vertrok op t = {0} s"},
    {"the run ended before the limit", "de berekening eindigde voor de grens"},
    {"exit {0} reached {1} P/(m·s) over {2} s", "uitgang {0} bereikte {1} P/(m·s) over {2} s"},
    {"the venue has no exits", "de locatie heeft geen uitgangen"},
    {"peak occupancy {0} persons exceeds the capacity of {1}", "piekbezetting van {0} personen overschrijdt de capaciteit van {1}"},
    {"peak zone density {0} P/m² over {1} s", "piekdichtheid in de zone {0} P/m² over {1} s"},
    {"the zone has no walkable area", "de zone heeft geen beloopbare oppervlakte"},
    // `stroom capacity`: the norms (engine/src/io/capacity.cpp)
    {"building", "gebouw"},
    {"tent", "tent"},
    {"open-air", "open lucht"},
    {"Bbl art. 4.80 (in force since 1 January 2024): 90 persons per metre of clear width per minute (room; double door opening less than 135°); floor left within 3.5 min (art. 4.81)",
     "Bbl art. 4.80 (van kracht sinds 1 januari 2024): 90 personen per meter vrije breedte per minuut (vertrek; dubbele deur met een openingshoek kleiner dan 135°); bouwlaag verlaten binnen 3,5 min (art. 4.81)"},
    {"Bbl art. 4.80 (in force since 1 January 2024): 110 persons per metre of clear width per minute (single door opening less than 135°); floor left within 3.5 min (art. 4.81)",
     "Bbl art. 4.80 (van kracht sinds 1 januari 2024): 110 personen per meter vrije breedte per minuut (enkele deur met een openingshoek kleiner dan 135°); bouwlaag verlaten binnen 3,5 min (art. 4.81)"},
    {"Bbl art. 4.80 (in force since 1 January 2024): 135 persons per metre of clear width per minute (other passage); floor left within 3.5 min (art. 4.81)",
     "Bbl art. 4.80 (van kracht sinds 1 januari 2024): 135 personen per meter vrije breedte per minuut (andere doorgang); bouwlaag verlaten binnen 3,5 min (art. 4.81)"},
    {"Fire safety risk assessment, open-air events and venues (HM Government, 2007): 109 persons per metre per minute; escape time 5 min (high risk) to 10 min (low risk)",
     "Fire safety risk assessment, open-air events and venues (HM Government, 2007): 109 personen per meter per minuut; vluchttijd 5 min (hoog risico) tot 10 min (laag risico)"},
    {"Guide to Safety at Sports Grounds (Green Guide, SGSA): 82 persons per metre per minute through a level exit; normal maximum egress time 8 min",
     "Guide to Safety at Sports Grounds (Green Guide, SGSA): 82 personen per meter per minuut door een gelijkvloerse uitgang; gebruikelijke maximale ontruimingstijd 8 min"},
    {"IMO MSC.1/Circ.1238 (2007), evacuation analysis for passenger ships: specific flow 1.33 persons per metre per second through doors and corridors",
     "IMO MSC.1/Circ.1238 (2007), ontruimingsanalyse voor passagiersschepen: specifieke doorstroming 1,33 personen per meter per seconde door deuren en gangen"},
    {"Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 90 persons per metre of clear width (room, stair up to 1 m, double door)",
     "Bouwbesluit 2012 art. 2.108 (vervallen op 1 januari 2024; voor plannen van vóór die datum): 90 personen per meter vrije breedte (vertrek, trap tot 1 m, dubbele deur)"},
    {"Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 110 persons per metre of clear width (single door)",
     "Bouwbesluit 2012 art. 2.108 (vervallen op 1 januari 2024; voor plannen van vóór die datum): 110 personen per meter vrije breedte (enkele deur)"},
    {"Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 135 persons per metre of clear width (other passage)",
     "Bouwbesluit 2012 art. 2.108 (vervallen op 1 januari 2024; voor plannen van vóór die datum): 135 personen per meter vrije breedte (andere doorgang)"},
    {"Bbl art. 4.80, 90 P/(m·min)", "Bbl art. 4.80, 90 P/(m·min)"},
    {"Bbl art. 4.80, 110 P/(m·min)", "Bbl art. 4.80, 110 P/(m·min)"},
    {"Bbl art. 4.80, 135 P/(m·min)", "Bbl art. 4.80, 135 P/(m·min)"},
    {"open-air events, 109 P/(m·min)", "openluchtevenementen, 109 P/(m·min)"},
    {"Green Guide level exit, 82 P/(m·min)", "Green Guide, gelijkvloerse uitgang, 82 P/(m·min)"},
    {"IMO MSC.1/Circ.1238, 1.33 P/(m·s)", "IMO MSC.1/Circ.1238, 1,33 P/(m·s)"},
    {"Green Guide level exit, 82 P/(m·min) (the Bouwbesluit 2012 sets no rate)",
     "Green Guide, gelijkvloerse uitgang, 82 P/(m·min) (het Bouwbesluit 2012 geeft geen doorstroomsnelheid)"},
    {"Bbl (in force since 1 January 2024): at most 2 persons per m² in a gathering of more than 200 persons who cannot all leave within 3.5 min; otherwise 4 persons per m² of floor",
     "Bbl (van kracht sinds 1 januari 2024): ten hoogste 2 personen per m² bij een bijeenkomst van meer dan 200 personen die niet allemaal binnen 3,5 min kunnen vertrekken; anders 4 personen per m² vloeroppervlak"},
    {"NEN 8020-41 (tents and temporary structures, made binding by the BGBOP, Stb. 2017, 373, art. 5.15): at most 4 persons per m²",
     "NEN 8020-41 (tenten en tijdelijke bouwwerken, aangewezen door het BGBOP, Stb. 2017, 373, art. 5.15): ten hoogste 4 personen per m²"},
    {"Dutch event practice (Kenniscentrum Evenementenveiligheid): at most 2 to 2.5 persons per m² on average",
     "Nederlandse evenementenpraktijk (Kenniscentrum Evenementenveiligheid): gemiddeld ten hoogste 2 tot 2,5 personen per m²"},
    {"UK Emergency Planning College, open-air crowds: 2 persons per m² for holding",
     "UK Emergency Planning College, menigten in de open lucht: 2 personen per m² voor een wachtende menigte"},
    {"HSG195 Event Safety Guide: 4 persons per m² for a moving crowd",
     "HSG195 Event Safety Guide: 4 personen per m² voor een bewegende menigte"},
    {"HSG195 Event Safety Guide: 4.7 persons per m² standing still",
     "HSG195 Event Safety Guide: 4,7 personen per m² voor een stilstaande menigte"},
    {"venue.setting is open-air: the Bbl's building rules do not govern a fenced open-air site, so the open-air events guidance sets the exit flow and Dutch event practice the density",
     "venue.setting is open-air: de bouwregels van het Bbl gelden niet voor een omheind terrein in de open lucht, dus bepaalt de richtlijn voor openluchtevenementen de doorstroming van de uitgangen en de Nederlandse evenementenpraktijk de dichtheid"},
    {"venue.setting is tent: a tent is a structure under the Bbl (exits), and NEN 8020-41 sets its density",
     "venue.setting is tent: een tent is een bouwwerk onder het Bbl (uitgangen), en NEN 8020-41 bepaalt de dichtheid"},
    {"venue.setting is building (the default when the scenario does not say): the Bbl applies",
     "venue.setting is building (de standaard als het scenario niets opgeeft): het Bbl is van toepassing"},
    {"named on the command line", "gekozen op de opdrachtregel"},
    {" (the other from the setting: {0})", " (de andere volgt uit de situatie: {0})"},
    {"the scenario's max_evacuation_time criterion", "het criterium max_evacuation_time van het scenario"},
    {"the scenario's all_out_by criterion, less the alarm time", "het criterium all_out_by van het scenario, min het tijdstip van het alarm"},
    {"the scenario's all_out_by criterion", "het criterium all_out_by van het scenario"},
    {"the norm {0}", "de norm {0}"},
    // `stroom capacity`: notes on the exits and warnings on the rows
    {"closed at {0} s", "gesloten op {0} s"},
    {"closes at {0} s, after the reference time: counted as open", "sluit op {0} s, na het referentietijdstip: als open gerekend"},
    {"not in the evacuate event's exit list", "niet in de uitgangenlijst van de ontruimingsgebeurtenis (evacuate)"},
    {"not in any population's exit list", "in geen enkele uitgangenlijst van een populatie"},
    {"no population that may use it can reach it", "geen populatie die deze uitgang mag gebruiken kan haar bereiken"},
    {"behind checkpoint {0}: {1} / {2} s per person", "achter controlepunt {0}: {1} / {2} s per persoon"},
    {"1 lane", "1 strook"},
    {"reached through several checkpoints side by side: no checkpoint limit applied",
     "bereikbaar via meerdere controlepunten naast elkaar: geen begrenzing door een controlepunt toegepast"},
    {"limited to {0} P/s ({1} of {2} m)", "begrensd op {0} P/s ({1} van {2} m)"},
    {"persons exceed the holding capacity at {0} P/m²", "het aantal personen overschrijdt de opvangcapaciteit bij {0} P/m²"},
    {"persons exceed the zone's permitted capacity of {0}", "het aantal personen overschrijdt de vergunde bezetting van de zone ({0})"},
    {"density exceeds the zone's max_density of {0} P/m²", "de dichtheid overschrijdt de max_density van de zone ({0} P/m²)"},
    {"persons exceed what the exits may serve under {0}", "het aantal personen overschrijdt wat de uitgangen volgens {0} mogen verwerken"},
    {"egress time {0} s exceeds the limit of {1} s ({2})", "ontruimingstijd {0} s overschrijdt de grens van {1} s ({2})"},
    {"some persons have no usable exit: no flow time", "sommige personen hebben geen bruikbare uitgang: geen doorstroomtijd"},
    {"no walkable sample point: no walking distance", "geen beloopbaar meetpunt: geen loopafstand"},
    {"no path to a usable exit: no walking distance", "geen route naar een bruikbare uitgang: geen loopafstand"},
    {"{0} of {1} sample points have no path to a usable exit (left out)",
     "{0} van {1} meetpunten hebben geen route naar een bruikbare uitgang (weggelaten)"},
    // `stroom capacity`: the table (io::capacity_text)
    {"Capacity of \"{0}\" ({1})", "Capaciteit van \"{0}\" ({1})"},
    {"{0}; norms: {1}", "{0}; normen: {1}"},
    {"Density limit", "Dichtheidsgrens"},
    {"Reference", "Peilmoment"},
    {"(legacy: no longer in force; for plans dated before it lapsed)",
     "(vervallen: niet meer van kracht; voor plannen van vóór het vervallen)"},
    {"{0} P/(m·s) = {1} P/(m·min): {2}", "{0} P/(m·s) = {1} P/(m·min): {2}"},
    {"{0} s, from {1}", "{0} s, volgens {1}"},
    {"none (the norm sets none and the scenario has no max_evacuation_time)",
     "geen (de norm stelt er geen en het scenario heeft geen max_evacuation_time)"},
    {"the alarm at {0} s: exits, doors and checkpoints as after the events up to then; exits from the evacuate event's list",
     "het alarm op {0} s: uitgangen, deuren en controlepunten zoals na de gebeurtenissen tot dan; uitgangen uit de lijst van de ontruimingsgebeurtenis"},
    {"t = 0 (no evacuate event): exits from each journey's exit list",
     "t = 0 (geen ontruimingsgebeurtenis): uitgangen uit de uitgangenlijst van elke route"},
    {"Exits may serve", "Uitgangen verwerken"},
    {"width used × {0} persons per metre per minute × {1} min", "gebruikte breedte × {0} personen per meter per minuut × {1} min"},
    {"width used × {0} persons per metre", "gebruikte breedte × {0} personen per meter"},
    {"width used × specific flow × {0} s", "gebruikte breedte × specifieke doorstroming × {0} s"},
    {"Exit flow", "Doorstroming"},
    {"min(width × specific flow, checkpoint lanes / mean service time, max_flow × width)",
     "min(breedte × specifieke doorstroming, stroken van het controlepunt / gemiddelde afhandeltijd, max_flow × breedte)"},
    {"shortest time for the usable exits at their flow to pass every person, each through the exits open to them",
     "kortste tijd waarin de bruikbare uitgangen met hun doorstroming iedereen doorlaten, ieder via de uitgangen die voor hem open zijn"},
    {"Egress time", "Ontruimingstijd"},
    {"flow time + longest walking distance to the nearest usable exit (around obstacles, sampled every {0} m) / mean desired speed",
     "doorstroomtijd + langste loopafstand tot de dichtstbijzijnde bruikbare uitgang (om obstakels heen, bemonsterd om de {0} m) / gemiddelde gewenste loopsnelheid"},
    {"count placed, or arrivals over the duration (capped by total), all inside at once",
     "geplaatst aantal, of de aankomsten over de duur (begrensd door total), allen tegelijk binnen"},
    {"exit", "uitgang"},
    {"width m", "breedte m"},
    {"used m", "benut m"},
    {"flow P/s", "doorstroming P/s"},
    {"status", "toestand"},
    {"used", "benut"},
    {"left out", "niet benut"},
    {"zone", "zone"},
    {"area m²", "oppervlakte m²"},
    {"P/m²", "P/m²"},
    {"holding", "opvang"},
    {"permit", "vergund"},
    {"exit m", "uitgang m"},
    {"may serve", "toelaatbaar"},
    {"flow s", "doorstroom s"},
    {"walk m", "loop m"},
    {"walk s", "loop s"},
    {"egress s", "ontruiming s"},
    {"venue", "terrein"},
    {"Exits used: {0}", "Gebruikte uitgangen: {0}"},
    {"  {0} uses: {1}", "  {0} gebruikt: {1}"},
    {"* exits shared with persons from elsewhere: the flow time counts them too",
     "* uitgangen gedeeld met personen van elders: de doorstroomtijd telt hen mee"},
    {"  {0} shares with: {1}", "  {0} deelt met: {1}"},
    {" and {0} more", " en nog {0}"},
    {"Warnings", "Waarschuwingen"},
    {"N-1: the venue with one exit unavailable, worst first",
     "N-1: het terrein met telkens één uitgang onbruikbaar, ongunstigste eerst"},
    {"without", "zonder"},
    {"within limit", "binnen de grens"},
    {"no (someone has no exit left)", "nee (iemand heeft geen uitgang meer)"},
    {"yes", "ja"},
    {"no", "nee"},
    // `stroom batch`: batch.html and the console summary (engine/src/batch/batch_html.cpp)
    {"Evacuation time", "Ontruimingstijd"},
    {"Travel time, P95 per run", "Reistijd, P95 per berekening"},
    {"{0} ({1}): box P25–P75, line P50, ◆ P95, whiskers min–max",
     "{0} ({1}): doos P25–P75, lijn P50, ◆ P95, snorharen min–max"},
    {"no values", "geen waarden"},
    {"limit {0} = {1} {2}", "grens {0} = {1} {2}"},
    {"{0}: {1} runs", "{0}: {1} berekeningen"},
    {"Running mean of {0} against runs (seed order); ● where it converged",
     "Lopend gemiddelde van {0} tegen het aantal berekeningen (in volgorde van de seeds); ● waar het convergeerde"},
    {"variant", "variant"},
    {"runs", "berekeningen"},
    {"mean", "gemiddeld"},
    {"Stroom batch: {0}", "Stroom-reeks: {0}"},
    {"Batch results", "Resultaten van de reeks berekeningen"},
    {"Sweep {0}, scenario {1}.", "Reeksbestand {0}, scenario {1}."},
    {"{0} runs found", "{0} berekeningen gevonden"},
    {"{0} missing or incomplete", "{0} ontbrekend of onvolledig"},
    {"(the figures below are of the runs found)", "(de cijfers hieronder gaan over de gevonden berekeningen)"},
    {"Verdict: {0}.", "Oordeel: {0}."},
    {"every criterion passed in every run", "in elke berekening voldoet elk criterium"},
    {"not every criterion passed in every run", "niet in elke berekening voldoet elk criterium"},
    {"Variants", "Varianten"},
    {"overrides", "wijzigingen"},
    {"all criteria passed", "alle criteria voldoen"},
    {"(as written)", "(zoals beschreven)"},
    {"{0} of {1}", "{0} van {1}"},
    {"{0} ({1} runs with a value)", "{0} ({1} berekeningen met een waarde)"},
    {"Too few seeds.", "Te weinig seeds."},
    {"The convergence rule (NIST TN 1822; docs/batch.md: each of {0} runs in a row changes the mean and sd of {1} by at most {2} %, so at least {3} runs) is not met for: {4}. The spread below may still change with more seeds; add seeds or use {5}.",
     "Het convergentiecriterium (NIST TN 1822; docs/batch.md: bij elk van {0} opeenvolgende berekeningen veranderen het gemiddelde en de sd van {1} met hooguit {2} %, dus minstens {3} berekeningen) is niet gehaald voor: {4}. De spreiding hieronder kan met meer seeds nog veranderen; voeg seeds toe of gebruik {5}."},
    {"Pass rate of each criterion", "Aandeel berekeningen dat aan elk criterium voldoet"},
    {"criterion", "criterium"},
    {"limit", "grens"},
    {"the scenario defines no criteria", "het scenario stelt geen criteria"},
    {"Convergence", "Convergentie"},
    {"Figure {0}: converged when each of {1} runs in a row changed the running mean and standard deviation by at most {2} % (at most {3} seeds).",
     "Grootheid {0}: geconvergeerd wanneer bij elk van {1} opeenvolgende berekeningen het lopende gemiddelde en de standaardafwijking met hooguit {2} % veranderden (ten hoogste {3} seeds)."},
    {"converged after {0} runs", "geconvergeerd na {0} berekeningen"},
    {"{0} after {1} runs with a value", "{0} na {1} berekeningen met een waarde"},
    {"not converged", "niet geconvergeerd"},
    {"Limit (criterion {0}): {1} {2}, the dashed red line on the box plot.",
     "Grens (criterium {0}): {1} {2}, de gestreepte rode lijn in de boxplot."},
    {"persons, mean", "personen, gemiddeld"},
    {"peak flow (P/s), mean", "piekdoorstroming (P/s), gemiddeld"},
    {"Missing runs", "Ontbrekende berekeningen"},
    {"Standard deviations are sample standard deviations (n − 1); percentiles interpolate linearly between order statistics. Interrupted runs are not counted. Written by stroom {0}.",
     "Standaardafwijkingen zijn steekproefstandaardafwijkingen (n − 1); percentielen interpoleren lineair tussen de geordende waarden. Onderbroken berekeningen tellen niet mee. Gemaakt met stroom {0}."},
    {"evac mean", "ontruiming gem."},
    {"evac P95", "ontruiming P95"},
    {"peak dens", "piekdichtheid"},
    {"all passed", "alles voldoet"},
    {"not converged ({0} runs with a value)", "niet geconvergeerd ({0} berekeningen met een waarde)"},
    {"{0} runs missing or incomplete (e.g. {1})", "{0} berekeningen ontbreken of zijn onvolledig (bijv. {1})"},
    {"interrupted: {0} runs missing; run the same command again to resume",
     "onderbroken: {0} berekeningen ontbreken; geef dezelfde opdracht opnieuw om verder te gaan"},
};
// clang-format on

thread_local Lang t_lang = Lang::en;
thread_local std::vector<std::string> t_untranslated;

const std::unordered_map<std::string_view, const char*>& dutch() {
  static const std::unordered_map<std::string_view, const char*> map = [] {
    std::unordered_map<std::string_view, const char*> m;
    for (const Translation& t : kTable)
      m.emplace(t.en, t.nl);
    return m;
  }();
  return map;
}

}  // namespace

std::optional<Lang> lang_from_name(std::string_view name) {
  if (name == "en") return Lang::en;
  if (name == "nl") return Lang::nl;
  return std::nullopt;
}

const char* lang_name(Lang lang) {
  return lang == Lang::nl ? "nl" : "en";
}

std::span<const Translation> translations() {
  return kTable;
}

Lang current_lang() {
  return t_lang;
}

LanguageScope::LanguageScope(Lang lang) : previous_(t_lang) {
  t_lang = lang;
}

LanguageScope::~LanguageScope() {
  t_lang = previous_;
}

std::string tr(std::string_view english, std::initializer_list<std::string> args) {
  std::string_view text = english;
  if (t_lang == Lang::nl) {
    const auto it = dutch().find(english);
    if (it != dutch().end()) {
      text = it->second;
    } else if (std::find(t_untranslated.begin(), t_untranslated.end(), english) ==
               t_untranslated.end()) {
      t_untranslated.emplace_back(english);
    }
  }
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' &&
        text[i + 1] <= '9') {
      const auto k = static_cast<std::size_t>(text[i + 1] - '0');
      if (k < args.size()) {
        out += *(args.begin() + k);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

const std::vector<std::string>& untranslated() {
  return t_untranslated;
}

void clear_untranslated() {
  t_untranslated.clear();
}

std::string display_number(double value, int decimals) {
  std::string s = measure::fixed(value, decimals);
  if (t_lang == Lang::nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace stroom
