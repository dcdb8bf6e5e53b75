import { expect } from 'chai';
import {
  createSentimentAnalyzer,
  loadShippedSentimentModel,
  type SentimentAnalyzer,
} from '../../../bot/nlu/sentiment/index.ts';

describe('SentimentAnalyzer (shipped model)', () => {
  let analyzer: SentimentAnalyzer;
  before(() => {
    analyzer = createSentimentAnalyzer(loadShippedSentimentModel());
  });

  describe('labels', () => {
    const cases: [string, string][] = [
      ['My package still has not arrived and nobody answers my emails.', 'negative'],
      ['You charged me twice and I want my money back.', 'negative'],
      ['This is the worst service I have ever had.', 'negative'],
      ['Can I change the delivery address for my order?', 'neutral'],
      ['What are your opening hours on Saturday?', 'neutral'],
      ['Thank you so much, that fixed it!', 'positive'],
      ['The agent was really helpful, great service.', 'positive'],
    ];
    for (const [text, label] of cases) {
      it(`reads "${text}" as ${label}`, () => {
        expect(analyzer.analyze(text).label).to.equal(label);
      });
    }

    it('gives a negative polarity to negative messages and a positive one to positive messages', () => {
      expect(analyzer.analyze('My flight was cancelled and nobody helped me.').score).to.be.below(0);
      expect(analyzer.analyze('Thanks, you were a great help!').score).to.be.above(0);
    });

    it('keeps polarity in [-1, 1] and intensity in [0, 1]', () => {
      for (const text of ['I HATE THIS!!! WORST. COMPANY. EVER. f*** you', 'LOVE LOVE LOVE it!!! 😍😍😍', 'ok']) {
        const result = analyzer.analyze(text);
        expect(result.score).to.be.within(-1, 1);
        expect(result.intensity).to.be.within(0, 1);
      }
    });

    it('rates an angry message as more intense than a mild complaint', () => {
      const mild = analyzer.analyze('The parcel is a bit late.');
      const angry = analyzer.analyze('This is ABSOLUTELY RIDICULOUS!!! Where is my f***ing parcel???');
      expect(angry.intensity).to.be.above(mild.intensity);
    });
  });

  describe('frustration signals', () => {
    it('flags shouting when most words are in capitals', () => {
      expect(analyzer.analyze('WHY IS MY ORDER STILL NOT HERE').signals).to.include('shouting');
      expect(analyzer.analyze('I need the PDF invoice for my order').signals).not.to.include('shouting');
    });

    it('flags repeated punctuation', () => {
      expect(analyzer.analyze('Where is my refund???').signals).to.include('repeated-punctuation');
      expect(analyzer.analyze('Is it shipped!?!').signals).to.include('repeated-punctuation');
      expect(analyzer.analyze('Where is my refund?').signals).not.to.include('repeated-punctuation');
    });

    it('flags a request repeated', () => {
      for (const text of [
        'This is the third time I ask for a refund.',
        'I already told you my order number.',
        'How many times do I have to explain this?',
        'The app is still not working.',
        'It crashed again.',
      ]) {
        expect(analyzer.analyze(text).signals, text).to.include('repeated-request');
      }
      expect(analyzer.analyze('Thanks again for your help').signals).not.to.include('repeated-request');
    });

    it('flags profanity, also when masked', () => {
      for (const text of ['This is bullshit', 'what the f*** is going on', 'this sh!t is broken', 'WTF']) {
        expect(analyzer.analyze(text).signals, text).to.include('profanity');
      }
      expect(analyzer.analyze('I passed the class assessment').signals).not.to.include('profanity');
    });

    it('does not call delight shouting', () => {
      expect(analyzer.analyze('THANK YOU SO MUCH!!! YOU ARE AWESOME').signals).to.deep.equal([]);
    });

    it('reports no signal for a calm message', () => {
      expect(analyzer.analyze('Could you send me the invoice for order AB-123456?').signals).to.deep.equal([]);
    });
  });

  describe('bad input', () => {
    const inputs: [string, string][] = [
      ['empty text', ''],
      ['whitespace', '   \n\t '],
      ['10,000 characters', 'terrible service '.repeat(600).slice(0, 10_000)],
      ['only emoji', '😡😡😡🙄'],
      ['mixed scripts', 'Die Lieferung ist nicht angekommen, 配送が遅い, доставка задерживается'],
      ['control characters', '\u0000\u0001\u0007\u001b[31mhello\u007f'],
      ['a lone surrogate', '\ud83d broken pair'],
    ];
    for (const [name, text] of inputs) {
      it(`gives a result for ${name}`, () => {
        const result = analyzer.analyze(text);
        expect(['negative', 'neutral', 'positive']).to.include(result.label);
        expect(result.score).to.be.within(-1, 1);
        expect(result.intensity).to.be.within(0, 1);
      });
    }

    it('reads empty text as neutral', () => {
      expect(analyzer.analyze('')).to.deep.include({ label: 'neutral', score: 0, intensity: 0 });
    });

    it('reads an angry emoji as negative', () => {
      expect(analyzer.analyze('😡😡').label).to.equal('negative');
    });
  });

  // The shipped model never saw these tweets (see VADER_TWEETS below).
  it('gets the polarity of clear-cut tweets right at least 85% of the time', () => {
    const correct = VADER_TWEETS.filter(([rating, text]) => Math.sign(analyzer.analyze(text).score) === Math.sign(rating));
    expect(correct.length / VADER_TWEETS.length).to.be.at.least(0.85);
  });
});

/*
 * 42 clear-cut tweets (|mean rating| >= 2, every 25th) with their mean human rating (-4..+4), from the VADER
 * ground truth of Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media
 * Text", ICWSM 2014; github.com/cjhutto/vaderSentiment, additional_resources/hutto_ICWSM_2014/tweets_GroundTruth.txt.
 *
 * The MIT License (MIT). Copyright (c) 2016 C.J. Hutto. Permission is hereby granted, free of charge, to any person
 * obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software
 * without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute,
 * sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
 * subject to the following conditions: The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
 * KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
 * PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
 * CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
 * CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
const VADER_TWEETS: readonly (readonly [number, string])[] = [
  [2.73, "Somehow I was blessed with some really amazing friends in my life who love me and send encouragement when I'm not feeling awesome. So lucky."],
  [-2.49, "horrible news tonight. total fucking mess. feel helpless and ill."],
  [2.2, "I had such an amazing time out tonight. Good laugh, amazing friends, grateful life"],
  [-2.61, "Bad mood bad mood bad mood."],
  [-2.54, "So, 6 more songs! Verdicts? Horrible, boring, boring, boring, bad hentai game theme, bad acid trip."],
  [2.07, "13 more weeks before this term is over. LOL I'm more excited for the block's Christmas party! :)"],
  [2.15, "gotta say, that was pretty freakin awesome of me"],
  [-2.9, "Just when I thought I couldn't hate the Sex Pistols any more than I already do, they go and make a fucking perfume.  Fuck you, John Lydon."],
  [-2.23, "@anonymous I feel ya it's frickin annoying as hell I got tons of those blah"],
  [-2.14, "Breaking News: Motorcyclist dies from injuries in crash with truck in Carbondale http://url_removed"],
  [2.1, "Thx my dude! RT @anonymous *salute* @anonymous Happy Birthday Sir!"],
  [3.05, "@anonymous lol. it's a brilliant net show. I loved it too. heh."],
  [2.6, "The Boyf is all excited as he is choosing a car for work 2 buy, I am excited at all the extra shopping I can do with a car now! Whoop!"],
  [-2, "some person just called today to ask if he could make illegal copies of one of our films and give it to his friends/.  WTF?  Who are you?"],
  [2.75, "Every day is awesome. #summer2011"],
  [-2.57, "DAMN! we just lost power. HATE that!"],
  [-2.83, "papercuts SUCK WORSE!! RT @anonymous: I HATE paperwork!!"],
  [2.35, "Just got Spotify US! Love the trance selection."],
  [-2.25, "It makes me crazy when writers use the characters' names in every paragraph of dialogue. No one talks like that. Ever."],
  [-2.05, "Damn country bastards!"],
  [-3.56, "SAD!!! UPSET!!! HURT!!! ANNOYED!!! FRUSTRATED!!! SPITEFUL!!! ANGRY!!! A plethora of feelings to choose from today."],
  [2.1, "@anonymous But you would look great as a sexy witch."],
  [2.2, "YES! RT @anonymous I still believe in you, Tim Tebow! #yourmagicisreal"],
  [-2.05, "@anonymous @anonymous I wish I could skate :(. Stupid bad decisions from my past :("],
  [2.65, "Back in Dayton after a wonderful vacation. One week cruise from NYC to Bermuda, plus two days in NYC before returning home. Perfect."],
  [-2.45, "New dragon, hate her already."],
  [-2.6, "RT @anonymous First snow of the year in NY! WTF!!! Waaaaay too soon for THIS SHIT!"],
  [2.15, "@anonymous Thanks for turning me on to BigBlackBag. I'm really liking it!"],
  [2.63, "@anonymous Ha, that's AWESOME. GREAT song. :D"],
  [2.25, "Apparently February 22nd is National Margarita Day? This Monday just got awesome."],
  [2.3, "@anonymous Your mac-and-cheese sounded amazing (as does the rest of it, as always...)"],
  [2.1, "Seeing all these adorable kids dressed up for halloween makes me want baaaaaaabies!"],
  [-3.17, "HORRIBLE news tonight. total fucking MESS. feel HELPLESS and ILL."],
  [-2.75, "@anonymous what do u want a medal? Doesn't change the fact that  u have of how phucked over folks. So sad not 1 friend just enemies"],
  [-2.05, "Dude walked up to my window and i already had the license and registration out.  \"I didn't ask for that\"  But you will, cut the bullshit"],
  [2.85, "Street meat + Blue Jays game = perfect fall afternoon."],
  [2.35, "#reading Eileen Wilks' Blood Magic. This book's all about Lily's mysterious Grandmother. I am in reader heaven. :-)"],
  [2, "@anonymous @anonymous @anonymous @anonymous @anonymous @anonymous @anonymous @anonymous Cheers Scott! :-D"],
  [2.05, "@anonymous agreed. Shepard drawings are so beautiful."],
  [2.1, "@anonymous I know how cool is that? Back to the rockstar lifestyle!!!"],
  [-2, "Feeling kind of shitty because for the next 11 months if it rains I won't feel a little better thinking about that G 'n R video."],
  [3.35, "RT @anonymous Thanks to ALL of you for keeping me NUMBER 1, Hell yea! WOOOOOOHOOOOO!!!!! GOOD deal Bubba! ;D"],
];
