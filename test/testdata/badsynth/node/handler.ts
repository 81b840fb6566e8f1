export const handler = async () => {
  return { ok: true ;
};
