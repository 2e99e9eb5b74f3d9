"""Statements in the RFE/RL article "Calls Grow For NATO Members To Help Ukraine Shoot Down Russian Drones
And Missiles" (Tony Wesolowsky, September 2024), transcribed by the rules in statements.demo."""

import datetime

from .reference import day, month, year

# The text gives no day: it mentions the 11 September 2024 visit to Kyiv as past, so it was published
# after that; 13 September 2024 is the date we record (day precision, as agreed for the demo).
PUBLISHED_ON = datetime.date(2024, 9, 13)

ARTICLE = {
    "outlet": "rferl",
    "url": "https://www.rferl.org/a/ukraine-russia-strikes-nato-airspace/33117614.html",
    "title": "Calls Grow For NATO Members To Help Ukraine Shoot Down Russian Drones And Missiles",
    "published_on": PUBLISHED_ON,
}

# Words given to RFE/RL for this article: said shortly before publication, day unknown.
FOR_THIS_ARTICLE = {**month(2024, 9, approximate=True), "first_reported_on": PUBLISHED_ON}
WAR = "russias-war-against-ukraine"

STATEMENTS = [
    {
        "key": "rferl-sikorski-1", "speaker": "radek-sikorski", "role": "Polish Foreign Minister",
        "kind": "partial_quote",
        "text": 'Poland had a "duty" to shoot down Russian missiles over Ukraine.',
        **month(2024, 9, approximate=True),
        "medium": "interview", "venue": "interview with the Financial Times", "recipient": "financial-times",
        "context": 'RFE/RL calls it "a recent interview" with the Financial Times; the interview date is not given.',
        "topics": ["air-defense", "drones-and-missiles", WAR],
        "excerpt": "Perhaps the most senior Western official to call for a more robust Western response to "
                   "Russian missiles and drones was Polish Foreign Minister Radek Sikorski. In a recent interview "
                   "with the U.K.'s Financial Times, Sikorski said Poland had a \"duty\" to shoot down Russian "
                   "missiles over Ukraine.",
    },
    {
        "key": "rferl-nato-official-1", "speaker": "nato-official-unnamed-rferl-2024", "role": "NATO official",
        "text": "Since Russia's full-scale invasion of Ukraine, Russian drone fragments and missiles have been found "
                "on Allied territory on several occasions. These acts are irresponsible and potentially dangerous.",
        **FOR_THIS_ARTICLE,
        "medium": "written_statement", "venue": "written statement to RFE/RL", "recipient": "rferl",
        "context": "NATO's answer to calls for allies to shoot down Russian missiles and drones over Ukraine.",
        "topics": ["nato", "airspace-violations", "drones-and-missiles"],
        "excerpt": "\"Since Russia's full-scale invasion of Ukraine, Russian drone fragments and missiles have been "
                   "found on Allied territory on several occasions. These acts are irresponsible and potentially "
                   "dangerous,\" a NATO official who didn't want to be named told RFE/RL in a written statement.",
    },
    {
        "key": "rferl-nato-official-2", "speaker": "nato-official-unnamed-rferl-2024", "role": "NATO official",
        "text": "While we recognize the right of every ally to protect its own airspace, what individual Allies do "
                "in support of Ukraine can also matter for NATO as a whole. Allies will continue to consult on "
                "further steps to protect and defend Allied territory. What is clear is that NATO will not become "
                "a party to the conflict.",
        **FOR_THIS_ARTICLE,
        "medium": "written_statement", "venue": "written statement to RFE/RL", "recipient": "rferl",
        "context": "Same written statement as the official's previous quote.",
        "topics": ["nato", "air-defense", WAR],
        "excerpt": "\"While we recognize the right of every ally to protect its own airspace, what individual Allies "
                   "do in support of Ukraine can also matter for NATO as a whole. Allies will continue to consult "
                   "on further steps to protect and defend Allied territory. What is clear is that NATO will not "
                   "become a party to the conflict,\" the official added.",
    },
    {
        "key": "rferl-nato-official-3", "speaker": "nato-official-unnamed-rferl-2024", "role": "NATO official",
        "kind": "partial_quote",
        "text": 'The military alliance had "made unprecedented contributions to Ukraine\'s defenses, spending '
                'roughly 40 billion euros a year to support Ukraine militarily."',
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "background comments to RFE/RL", "recipient": "rferl",
        "context": "The military alliance is NATO; the official spoke to RFE/RL on background.",
        "topics": ["nato", "military-aid"],
        "excerpt": "The NATO official speaking to RFE/RL on background said the military alliance had \"made "
                   "unprecedented contributions to Ukraine's defenses, spending roughly 40 billion euros a year "
                   "to support Ukraine militarily.\"",
    },
    {
        "key": "rferl-hodges-1", "speaker": "ben-hodges",
        "role": "retired U.S. lieutenant general; former commander of U.S. Army forces in Europe",
        "text": "Russia has been pressing us in so many places, increasingly confident that we won't actually do "
                "anything. It's well past time to take more active steps to help Ukraine win as well as to "
                "protect innocent people.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "comments to RFE/RL", "recipient": "rferl",
        "context": "Arguing that helping Ukraine down Russian drones and missiles would not be an escalation.",
        "topics": ["air-defense", WAR],
        "excerpt": "\"Russia has been pressing us in so many places, increasingly confident that we won't actually do "
                   "anything,\" argued Ben Hodges, a retired U.S. lieutenant general and former commander of U.S. "
                   "Army forces in Europe. \"It's well past time to take more active steps to help Ukraine win as "
                   "well as to protect innocent people,\" Hodges told RFE/RL.",
    },
    {
        "key": "rferl-crowther-1", "speaker": "alexander-crowther",
        "role": "retired U.S. Army infantry colonel; senior research fellow, Center for European Policy Analysis",
        "text": "All countries have the absolute right for self-defense and control of their air, land, and sea "
                "space. China and Russia routinely violate those spaces. States have the right under international "
                "law to shoot down unidentified craft in their airspace.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "comments to RFE/RL", "recipient": "rferl",
        "topics": ["airspace-violations", "air-defense"],
        "excerpt": "\"All countries have the absolute right for self-defense and control of their air, land, and sea "
                   "space. China and Russia routinely violate those spaces. States have the right under "
                   "international law to shoot down unidentified craft in their airspace,\" argued Alexander "
                   "Crowther, a retired U.S. Army infantry colonel and senior research fellow at the Center for "
                   "European Policy Analysis (CEPA), a Washington-based think tank, in comments to RFE/RL.",
    },
    {
        "key": "rferl-wesslau-1", "speaker": "fredrik-wesslau",
        "role": "former Swedish diplomat; fellow, Stockholm Center for Eastern European Studies",
        "text": "The idea is to deploy ground and air assets from NATO allies, so, for instance, Patriot systems, or "
                "F-16 [fighter jets] to Poland, Slovakia, and Romania on their side of the border with Ukraine, at "
                "strategic locations, and use these assets to intercept Russian drones and missiles that first of "
                "all, enter the airspace of these allies, but also to intercept them over Ukrainian territory when "
                "they're heading toward NATO and NATO allies.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "interview with RFE/RL", "recipient": "rferl",
        "context": "Explaining his proposal for a NATO air-defense shield. \"[fighter jets]\" is RFE/RL's insertion.",
        "topics": ["air-defense", "nato", "drones-and-missiles"],
        "excerpt": "\"The idea is to deploy ground and air assets from NATO allies, so, for instance, Patriot systems, "
                   "or F-16 [fighter jets] to Poland, Slovakia, and Romania on their side of the border with "
                   "Ukraine, at strategic locations, and use these assets to intercept Russian drones and missiles "
                   "that first of all, enter the airspace of these allies, but also to intercept them over Ukrainian "
                   "territory when they're heading toward NATO and NATO allies,\" Wesslau explained to RFE/RL in an "
                   "interview.",
    },
    {
        "key": "rferl-wesslau-2", "speaker": "fredrik-wesslau",
        "role": "former Swedish diplomat; fellow, Stockholm Center for Eastern European Studies",
        "text": "Well, I think for this to work, there would have to be a degree of integration with Ukrainian air "
                "defense. I mean, to some extent, this already exists today, but I think the idea is that this "
                "would be, you know, this air-defense shield would be operated by a coalition of the willing.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "interview with RFE/RL", "recipient": "rferl",
        "context": "RFE/RL presents it as his answer to William Taylor's point about coordination.",
        "topics": ["air-defense", "nato"],
        "excerpt": "\"Well, I think for this to work, there would have to be a degree of integration with Ukrainian "
                   "air defense,\" Wesslau countered. \"I mean, to some extent, this already exists today, but I "
                   "think the idea is that this would be, you know, this air-defense shield would be operated by a "
                   "coalition of the willing.\"",
    },
    {
        "key": "rferl-wesslau-3", "speaker": "fredrik-wesslau",
        "role": "former Swedish diplomat; fellow, Stockholm Center for Eastern European Studies",
        # The second paragraph continues the quote with no attribution of its own: one statement.
        "text": "Well, look, I think the more we don't react, the greater the risk becomes, in a sense, because it's "
                "quite clear that Russia is prodding and pushing and testing, and if there's no response, it pushes "
                "further. And this, in a sense, increases the stakes and also increases the danger of escalation."
                "\n\nSome allies are opposed, some are for, but I think this is one of these things, which will "
                "become more topical as time goes on, and as we see more and more of these incursions by Russian "
                "drones and missiles.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "interview with RFE/RL", "recipient": "rferl",
        "topics": ["air-defense", "nato", "airspace-violations"],
        "excerpt": "\"Well, look, I think the more we don't react, the greater the risk becomes, in a sense, because "
                   "it's quite clear that Russia is prodding and pushing and testing, and if there's no response, "
                   "it pushes further. And this, in a sense, increases the stakes and also increases the danger of "
                   "escalation,\" explained Wesslau.\n\n\"Some allies are opposed, some are for, but I think this "
                   "is one of these things, which will become more topical as time goes on, and as we see more and "
                   "more of these incursions by Russian drones and missiles.\"",
    },
    {
        "key": "rferl-wesslau-4", "speaker": "fredrik-wesslau",
        "role": "former Swedish diplomat; fellow, Stockholm Center for Eastern European Studies",
        "kind": "paraphrase",
        "text": "A proposal for NATO to protect its eastern flank and provide western Ukraine with much-needed air "
                "cover.",
        **month(2024, 9, approximate=True),
        "medium": "article", "venue": "article in Foreign Affairs", "recipient": "foreign-affairs",
        "context": 'RFE/RL says he "recently laid out" the proposal in Foreign Affairs; the article itself is '
                   "not yet among the sources.",
        "topics": ["air-defense", "nato"],
        "excerpt": "Fredrik Wesslau, a former Swedish diplomat and fellow at the Stockholm Center for Eastern European "
                   "Studies, recently laid out in the U.S.-based Foreign Affairs journal a proposal for NATO to "
                   "protect its eastern flank and provide western Ukraine with much-needed air cover.",
    },
    {
        "key": "rferl-taylor-1", "speaker": "william-taylor", "role": "former U.S. ambassador to NATO",
        "text": "If you're going to engage targets over Ukrainian airspace, there needs to be some kind of "
                "coordination mechanism so that Ukrainian weapons don't conflict with NATO weapons and the "
                "identification of Russian missiles is clear to all sides.",
        **month(2024, 9, approximate=True),
        "medium": "interview", "venue": "interview with ABC News (Australia)", "recipient": "abc-news-australia",
        "context": 'RFE/RL says he "recently" told ABC News; the interview date is not given. The role is '
                   "RFE/RL's description.",
        "topics": ["air-defense", "nato"],
        "excerpt": "\"If you're going to engage targets over Ukrainian airspace, there needs to be some kind of "
                   "coordination mechanism so that Ukrainian weapons don't conflict with NATO weapons and the "
                   "identification of Russian missiles is clear to all sides,\" William Taylor, a former U.S. "
                   "ambassador to NATO, recently told Australia's ABC News.",
    },
    {
        "key": "rferl-taylor-2", "speaker": "william-taylor", "role": "former U.S. ambassador to NATO",
        "kind": "partial_quote",
        "text": "Involving at least two command-and-control arrangements and multiple countries identifying friendly "
                "versus enemy targets, \"would make it difficult.\" \"The best case is when there is one system.\"",
        **month(2024, 9, approximate=True),
        "medium": "interview", "venue": "interview with ABC News (Australia)", "recipient": "abc-news-australia",
        "context": "On NATO countries engaging targets over Ukraine, same interview as his previous quote.",
        "topics": ["air-defense", "nato"],
        "excerpt": "Involving at least two command-and-control arrangements and multiple countries identifying "
                   "friendly versus enemy targets, \"would make it difficult,\" Taylor said. \"The best case is "
                   "when there is one system.\"",
    },
    {
        "key": "rferl-crowther-2", "speaker": "alexander-crowther",
        "role": "retired U.S. Army infantry colonel; senior research fellow, Center for European Policy Analysis",
        "text": "I understand that NATO does not want to confront Russia, however, individual states can defend "
                "their own airspace. Note that Turkey, a NATO member, shot down a Russian aircraft that violated "
                "their airspace in 2015.",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "comments to RFE/RL", "recipient": "rferl",
        "topics": ["airspace-violations", "nato"],
        "excerpt": "\"I understand that NATO does not want to confront Russia, however, individual states can "
                   "defend their own airspace. Note that Turkey, a NATO member, shot down a Russian aircraft that "
                   "violated their airspace in 2015,\" Crowther added, referring to an incident that Putin referred "
                   "to as \"a stab in the back.\"",
    },
    {
        "key": "rferl-putin-1", "speaker": "vladimir-putin", "role": "President of Russia",
        "kind": "partial_quote", "text": "a stab in the back",
        **year(2015),
        "context": "His description of Turkey's shooting down of a Russian aircraft in 2015, as quoted in English "
                   "by RFE/RL in 2024; the remark was made in Russian.",
        "topics": ["airspace-violations"],
        "excerpt": "\"I understand that NATO does not want to confront Russia, however, individual states can "
                   "defend their own airspace. Note that Turkey, a NATO member, shot down a Russian aircraft that "
                   "violated their airspace in 2015,\" Crowther added, referring to an incident that Putin referred "
                   "to as \"a stab in the back.\"",
    },
    {
        "key": "rferl-hodges-2", "speaker": "ben-hodges",
        "role": "retired U.S. lieutenant general; former commander of U.S. Army forces in Europe",
        "text": "We do this in the Red Sea, defending international shipping against Huthi missiles and Israeli "
                "citizens from Iranian missiles. Why can't we protect innocent Ukrainian civilians from Russian "
                "missiles?",
        **FOR_THIS_ARTICLE,
        "medium": "interview", "venue": "comments to RFE/RL", "recipient": "rferl",
        "context": "Pointing out that the United States has already shown it is willing to take such action "
                   "elsewhere.",
        "topics": ["air-defense", "drones-and-missiles", WAR],
        "excerpt": "\"We do this in the Red Sea, defending international shipping against Huthi missiles and Israeli "
                   "citizens from Iranian missiles. Why can't we protect innocent Ukrainian civilians from Russian "
                   "missiles?\" Hodges asked.",
    },
    {
        "key": "rferl-zelenskyy-1", "speaker": "volodymyr-zelenskyy", "role": "President of Ukraine",
        "text": "Shaheds (Iranian military drones) in the skies above Ukraine sound identical to those over the "
                "Middle East. The impact of ballistic missiles, if they are not intercepted, is the same "
                "everywhere.",
        **day(2024, 4, 15), "first_reported_on": datetime.date(2024, 4, 15),
        "medium": "social_media_post", "venue": "post on X",
        "context": "Two days after Iran's drone and missile attack on Israel of April 13, which U.S., British and "
                   "Israeli forces almost entirely intercepted. \"(Iranian military drones)\" is RFE/RL's gloss.",
        "topics": ["air-defense", "drones-and-missiles", WAR],
        "excerpt": "\"Shaheds (Iranian military drones) in the skies above Ukraine sound identical to those over the "
                   "Middle East. The impact of ballistic missiles, if they are not intercepted, is the same "
                   "everywhere,\" Ukrainian President Volodymyr Zelenskiy tweeted on April 15.",
    },
    {
        "key": "rferl-kirby-1", "speaker": "john-kirby", "role": "White House National Security Council spokesman",
        "text": "Two different conflicts, different airspace, different threat picture. And the president has been "
                "clear since the beginning of the conflict in Ukraine that the United States is not going to be "
                "involved in...that conflict in a combat role.",
        **day(2024, 4, 15),
        "medium": "remarks", "venue": "remarks to reporters",
        "context": "Asked by reporters why the United States and allies had shot down Iranian drones over Israel "
                   "but not over Ukraine.",
        "topics": ["air-defense", "drones-and-missiles", WAR],
        "excerpt": "Later that same day, White House National Security Council spokesman John Kirby was asked by "
                   "reporters why the United States and allies had shot down Iranian drones over Israel but not "
                   "Ukraine.\n\n\"Two different conflicts, different airspace, different threat picture. And the "
                   "president has been clear since the beginning of the conflict in Ukraine that the United States "
                   "is not going to be involved in...that conflict in a combat role,\" Kirby said.",
    },
]
