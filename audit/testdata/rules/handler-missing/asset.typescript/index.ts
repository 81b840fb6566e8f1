export const handler = async (event: unknown): Promise<number> => 1;
