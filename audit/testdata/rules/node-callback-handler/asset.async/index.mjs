export const handler=async(e,t)=>({statusCode:200});
