/**
 * Polarity of common emoji and emoticons, written for this project (the VADER lexicon in the npm package predates
 * emoji). Only clear cases: ambiguous ones (😂 can be scorn, 🙏 thanks or pleading) are left out.
 */

const POSITIVE_EMOJI = new Set([
  ...'😀😃😄😁😆😊🙂😉😍🥰😘😗😙😚☺🤗🤩😎🥳👍👌👏🙌💪🎉🎊✨🌟⭐💯✅🆗💖💗💓💞💕💝❤🧡💛💚💙💜🤍🤎♥😇🤝🌈🔥',
]);
const NEGATIVE_EMOJI = new Set([
  ...'😞😟😠😡🤬😤😢😭😩😫😖😣😔😕🙁☹😒🙄😑😐😬😓😥😰😨😱🤢🤮💔👎❌🚫⛔😾😿🤦🤷🖕💩😪😴⌛⏳',
]);

/** +1, -1 or 0 for an emoji token (modifiers and variation selectors ignored). */
export function emojiPolarity(emoji: string): number {
  for (const char of emoji) {
    if (POSITIVE_EMOJI.has(char)) return 1;
    if (NEGATIVE_EMOJI.has(char)) return -1;
  }
  return 0;
}

/** +1, -1 or 0 for an emoticon token: smiles, grins, hearts and winks against frowns, tears and flat mouths. */
export function emoticonPolarity(emoticon: string): number {
  if (/^<\/3/.test(emoticon) || /[(\[{\\/|@]$|^[)\]}][\-o*'^]?[:;=8]$|^[-T][_.][-T]$|:'\(/.test(emoticon)) return -1;
  if (/^<3|[)\]}dDpP3*]$|^[(\[{][\-o*'^]?[:;=8]$|^\^[_.\-]?\^$/.test(emoticon)) return 1;
  return 0;
}
